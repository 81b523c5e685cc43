package dev.vigil.kernel.api;

import java.time.Duration;

/**
 * A periodic job of some module. Its timer hands it to {@link JobRuns}, which records every run
 * (start, end, outcome, error); an admin may also start a run by name.
 */
public interface TrackedJob {

    /** Stable name, lower-case with dashes, e.g. {@code limits-cleanup}. */
    String name();

    /** How often the job's timer runs it; a job with no run for twice this long has missed runs. */
    Duration every();

    /**
     * Does one run's work.
     *
     * @return a one-line summary of what the run did, stored with the run
     * @throws Exception when the run failed; the error is stored and the next run tries again
     */
    String run() throws Exception;
}
