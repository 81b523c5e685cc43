package dev.vigil.resilience.api;

import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.VigilException;

/** The kind already holds its cap of queued jobs: {@code 503 queue_saturated} with {@code Retry-After}. */
public class QueueSaturated extends VigilException {

    private final long retryAfterSeconds;

    public QueueSaturated(String kind, long retryAfterSeconds) {
        super(ErrorCode.QUEUE_SATURATED, "The work queue for '" + kind + "' is full; try again later");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
