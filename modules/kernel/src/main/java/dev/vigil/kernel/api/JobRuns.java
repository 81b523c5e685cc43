package dev.vigil.kernel.api;

/** Runs {@link TrackedJob}s and records each run. Implemented by the ops module. */
public interface JobRuns {

    /** What one run ended with. {@code error} is null unless the run failed. */
    record Outcome(String runId, boolean succeeded, String summary, String error) {
    }

    /**
     * Runs the job now on this thread, recording start, end, outcome and error. Never throws for a
     * failure of the job itself: the failure is the outcome.
     *
     * @param trigger who asked: {@code timer}, or {@code admin:<name>}
     */
    Outcome run(TrackedJob job, String trigger);
}
