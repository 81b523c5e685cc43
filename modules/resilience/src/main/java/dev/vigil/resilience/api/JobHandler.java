package dev.vigil.resilience.api;

/**
 * Does the jobs of one kind: a CDI bean. Runs on a worker of Liberty's managed executor, outside
 * any transaction, as no particular caller; a handler that reads guarded data is an EJB that runs
 * as the system identity ({@code @RunAs}).
 *
 * <p>An outbound call inside a handler is one attempt through {@link Dependencies}: retries live in
 * the queue. A handler ends a job by returning (done), throwing {@link DeliveryFailure} (permanent:
 * dead at once; transient: tried again after a backoff) or any other exception (transient). A
 * {@link DependencyUnavailable} from an open breaker or a full bulkhead defers the job without
 * spending an attempt.
 */
public interface JobHandler {

    /** Lower-case with dashes, at most 64 characters, e.g. {@code alert-notification}. */
    String kind();

    void handle(QueuedJob job) throws Exception;
}
