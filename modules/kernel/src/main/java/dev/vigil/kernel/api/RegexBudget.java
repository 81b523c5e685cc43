package dev.vigil.kernel.api;

import java.util.regex.Pattern;

/**
 * A limit on the work of the JDK's regular expressions: a pattern that backtracks without end (an
 * admin's {@code (a+)+$}) stops with {@link Exhausted} instead of holding a thread. A match run
 * through the budget reads its input through a counting view; either a number of character reads or
 * an amount of time spent matching ends the budget. One budget may be shared by many matches (an
 * upload's patterns together), on one thread: only the time inside its matches is charged.
 */
public final class RegexBudget {

    /** Thrown from a match once the budget is spent. */
    public static final class Exhausted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Exhausted() {
            super("regular expression gave up: its budget is spent", null, false, false);
        }
    }

    private final long maxReads;
    private final long maxNanos;
    private long reads;
    private long spentNanos;
    private long matchStart;

    private RegexBudget(long maxReads, long maxNanos) {
        this.maxReads = maxReads;
        this.maxNanos = maxNanos;
    }

    /** At most {@code maxReads} characters read, over every match run through it. */
    public static RegexBudget reads(long maxReads) {
        return new RegexBudget(maxReads, Long.MAX_VALUE);
    }

    /** At most {@code nanos} spent matching, over every match run through it; the clock is read every 1,024 reads. */
    public static RegexBudget time(long nanos) {
        return new RegexBudget(Long.MAX_VALUE, nanos);
    }

    /** {@link java.util.regex.Matcher#matches} under this budget. */
    public boolean matches(Pattern pattern, CharSequence text) {
        return run(pattern, text, false);
    }

    /** {@link java.util.regex.Matcher#find} under this budget. */
    public boolean find(Pattern pattern, CharSequence text) {
        return run(pattern, text, true);
    }

    private boolean run(Pattern pattern, CharSequence text, boolean find) {
        matchStart = System.nanoTime();
        try {
            java.util.regex.Matcher matcher = pattern.matcher(new Counted(text));
            return find ? matcher.find() : matcher.matches();
        } finally {
            spentNanos += System.nanoTime() - matchStart;
        }
    }

    private void spend() {
        reads++;
        if (reads > maxReads) {
            throw new Exhausted();
        }
        if (maxNanos != Long.MAX_VALUE && (reads & 0x3ff) == 0
                && spentNanos + (System.nanoTime() - matchStart) > maxNanos) {
            throw new Exhausted();
        }
    }

    private final class Counted implements CharSequence {
        private final CharSequence text;

        Counted(CharSequence text) {
            this.text = text;
        }

        @Override
        public char charAt(int index) {
            spend();
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Counted(text.subSequence(start, end));
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
