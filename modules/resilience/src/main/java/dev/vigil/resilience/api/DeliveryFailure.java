package dev.vigil.resilience.api;

import java.time.Duration;
import java.util.Optional;

/**
 * A job's attempt failed. {@code permanent} when trying again cannot help (a 4xx from the receiver,
 * a malformed payload): the job goes to the dead letters at once. Otherwise it is tried again after
 * its backoff, or after {@code retryAfter} when the receiver said how long to wait (a 429's
 * {@code Retry-After}), whichever is later.
 */
public class DeliveryFailure extends RuntimeException {

    private final boolean permanent;
    private final transient Duration retryAfter;

    public DeliveryFailure(String message, boolean permanent, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
        this.retryAfter = retryAfter;
    }

    public static DeliveryFailure permanent(String message) {
        return new DeliveryFailure(message, true, null, null);
    }

    public static DeliveryFailure transientFailure(String message, Duration retryAfter) {
        return new DeliveryFailure(message, false, retryAfter, null);
    }

    public boolean permanent() {
        return permanent;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
