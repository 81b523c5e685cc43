package dev.vigil.intake.internal.issues;

import dev.vigil.kernel.api.VigilException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;

/** Instants as clients and query parameters write them ({@code 2026-11-23T10:00:00Z}). */
final class Times {

    private Times() {
    }

    /** A query parameter's instant; a bad one is a 400 naming the parameter. */
    static Instant parse(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw VigilException.invalid(name + ": not an instant like 2026-11-23T10:00:00Z");
        }
    }

    /**
     * {@link Instant#parse}, but quick for the forms apps send: {@code 2026-11-23T10:00:00Z} and
     * {@code 2026-11-23T10:00:00.123Z} (a report carries dozens; the JDK's formatter was ~5% of a
     * report's CPU). Anything else, leap seconds and {@code 24:00} included, goes to the JDK.
     *
     * @throws DateTimeParseException as {@link Instant#parse} does
     */
    static Instant instant(String text) {
        int length = text.length();
        boolean plain = length == 20;
        boolean millis = length == 24 && text.charAt(19) == '.';
        if ((plain || millis) && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(length - 1) == 'Z') {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 2);
            int day = digits(text, 8, 2);
            int hour = digits(text, 11, 2);
            int minute = digits(text, 14, 2);
            int second = digits(text, 17, 2);
            int milli = millis ? digits(text, 20, 3) : 0;
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= YearMonth.of(year, month).lengthOfMonth()
                    && hour >= 0 && hour < 24 && minute >= 0 && minute < 60 && second >= 0 && second < 60
                    && milli >= 0) {
                long seconds = LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3_600L + minute * 60L
                        + second;
                return Instant.ofEpochSecond(seconds, milli * 1_000_000L);
            }
        }
        return Instant.parse(text);
    }

    /** The number written by {@code count} ASCII digits from {@code from}; -1 if any is not one. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
