package dev.vigil.alerting.internal.model;

import java.util.regex.Pattern;

/**
 * A regex match that gives up: a pattern that backtracks without end (an admin's {@code (a+)+$})
 * counts as no match after a fixed amount of work instead of holding a thread.
 */
final class SafeRegex {

    /** Character reads one match may make: far more than any sane pattern needs on a 1 KiB value. */
    static final long MAX_STEPS = 2_000_000;

    private SafeRegex() {
    }

    static final class TooMuchWork extends RuntimeException {
        TooMuchWork() {
            super("regex gave up", null, false, false);
        }
    }

    static boolean matches(Pattern pattern, String value) {
        try {
            return pattern.matcher(new Bounded(value)).matches();
        } catch (TooMuchWork e) {
            return false;
        }
    }

    private static final class Bounded implements CharSequence {
        private final CharSequence text;
        private final long[] steps;

        Bounded(CharSequence text) {
            this(text, new long[1]);
        }

        private Bounded(CharSequence text, long[] steps) {
            this.text = text;
            this.steps = steps;
        }

        @Override
        public char charAt(int index) {
            if (++steps[0] > MAX_STEPS) {
                throw new TooMuchWork();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Bounded(text.subSequence(start, end), steps);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
