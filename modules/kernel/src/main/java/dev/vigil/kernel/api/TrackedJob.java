package dev.vigil.kernel.api;

import java.time.Duration;

/**
 * A periodic job of some module: a CDI bean. The ops module gives every such bean a persistent
 * EJB timer on its {@link #schedule()} and records every run (start, end, outcome, error); an
 * admin may also start a run by name.
 */
public interface TrackedJob {

    /**
     * When the job runs, in UTC, as EJB calendar fields (e.g. {@code ("*", "*", "0")} for every
     * minute), and the period that gives; a job with no run for twice its period has missed runs.
     */
    record Schedule(String hour, String minute, String second, Duration every) {

        /** At second 0 of the minutes named. */
        public Schedule(String hour, String minute, Duration every) {
            this(hour, minute, "0", every);
        }

        /** Every {@code seconds} seconds (a divisor of 60), e.g. every 30 s for the job-check watch. */
        public static Schedule everySeconds(int seconds) {
            if (seconds < 1 || 60 % seconds != 0) {
                throw new IllegalArgumentException("seconds must divide 60: " + seconds);
            }
            return new Schedule("*", "*", "*/" + seconds, Duration.ofSeconds(seconds));
        }

        public static Schedule everyMinute() {
            return new Schedule("*", "*", Duration.ofMinutes(1));
        }

        public static Schedule hourly(int minute) {
            return new Schedule("*", Integer.toString(minute), Duration.ofHours(1));
        }

        public static Schedule daily(int hour, int minute) {
            return new Schedule(Integer.toString(hour), Integer.toString(minute), Duration.ofDays(1));
        }
    }

    /** Stable name, lower-case with dashes, e.g. {@code limits-cleanup}. */
    String name();

    Schedule schedule();

    /**
     * Does one run's work.
     *
     * @return a one-line summary of what the run did, stored with the run
     * @throws Exception when the run failed; the error is stored and the next run tries again
     */
    String run() throws Exception;
}
