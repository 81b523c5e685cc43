package dev.vigil.resilience.api;

import java.util.List;

/**
 * The durable work queue. A job is inserted in the caller's transaction when there is one (it
 * exists only if the caller's work commits) and runs once on one server: claimed with a lease,
 * retried with exponential backoff and full jitter, dead-lettered with its reason when its attempts
 * or its time to live run out.
 */
public interface WorkQueue {

    /** Longest payload a job may carry, in characters. */
    int MAX_PAYLOAD_CHARS = 65_536;

    /**
     * Queues one job.
     *
     * @return the job's id, which is also the delivery id every attempt carries
     * @throws QueueSaturated when the job's kind already has its cap of queued jobs
     * @throws IllegalArgumentException for a kind no {@link JobHandler} does
     */
    String enqueue(JobRequest request);

    /** Queues several jobs in one batch; all or none (the cap is checked for the whole batch). */
    List<String> enqueueAll(List<JobRequest> requests);
}
