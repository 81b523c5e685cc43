package dev.vigil.kernel.api;

/**
 * A limit on the work of the JDK's regular expressions over one text: a pattern that backtracks
 * without end (an admin's {@code (a+)+$}) stops with {@link Exhausted} instead of holding a thread.
 * The matcher reads its input through {@link #over}, and every character read is counted; either a
 * number of reads or a point in time ends the budget. One budget may be shared by many matches (an
 * upload's patterns together), on one thread.
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
    private final long deadlineNanos;
    private long reads;

    private RegexBudget(long maxReads, long deadlineNanos) {
        this.maxReads = maxReads;
        this.deadlineNanos = deadlineNanos;
    }

    /** At most {@code maxReads} characters read. */
    public static RegexBudget reads(long maxReads) {
        return new RegexBudget(maxReads, Long.MAX_VALUE);
    }

    /** Until {@code nanos} from now ({@link System#nanoTime}), the clock looked at every 1,024 reads. */
    public static RegexBudget time(long nanos) {
        return new RegexBudget(Long.MAX_VALUE, System.nanoTime() + nanos);
    }

    /** The text as the matcher should read it: each character read spends from this budget. */
    public CharSequence over(CharSequence text) {
        return new Counted(text);
    }

    private void spend() {
        reads++;
        if (reads > maxReads) {
            throw new Exhausted();
        }
        if (deadlineNanos != Long.MAX_VALUE && (reads & 0x3ff) == 0 && System.nanoTime() - deadlineNanos > 0) {
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
