package dev.vigil.kernel.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;

/** Instants as clients and query parameters write them ({@code 2026-11-23T10:00:00Z}). */
public final class Times {

    /** The instants a query may name: any day of the years 0 to 9999, all within epoch milliseconds. */
    public static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    private Times() {
    }

    /** A query parameter's instant; a bad one is a 400 naming the parameter. */
    public static Instant parse(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Instant instant = Instant.parse(value);
            if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
                // Instant.parse takes years up to +1000000000; epoch milliseconds end near +292278994.
                throw new DateTimeParseException("out of range", value, 0);
            }
            return instant;
        } catch (DateTimeParseException e) {
            throw VigilException.invalid(name + ": not an instant like 2026-11-23T10:00:00Z between the years 0 and 9999");
        }
    }

    /** A query parameter's day; a bad one is a 400 naming the parameter. */
    public static LocalDate day(String name, String value) {
        try {
            LocalDate day = LocalDate.parse(value);
            if (day.getYear() < 0 || day.getYear() > 9999) {
                throw new DateTimeParseException("out of range", value, 0);
            }
            return day;
        } catch (DateTimeParseException e) {
            throw VigilException.invalid(name + ": not a day like 2026-11-23 between the years 0 and 9999");
        }
    }

    /**
     * {@link Instant#parse}, but quick for the forms apps send: {@code 2026-11-23T10:00:00Z} and
     * {@code 2026-11-23T10:00:00.123Z} (a report carries dozens; the JDK's formatter was ~5% of a
     * report's CPU). Anything else, leap seconds and {@code 24:00} included, goes to the JDK.
     *
     * @throws DateTimeParseException as {@link Instant#parse} does
     */
    public static Instant instant(String text) {
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
