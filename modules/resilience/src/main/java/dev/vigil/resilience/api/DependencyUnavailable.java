package dev.vigil.resilience.api;

import java.time.Duration;

/**
 * A call was not made: the dependency's breaker is open on this server, or its bulkhead is full.
 * A queued job that meets this is deferred by {@code retryAfter} without spending an attempt.
 */
public class DependencyUnavailable extends RuntimeException {

    /** Why the call was not made. */
    public enum Reason { BREAKER_OPEN, BULKHEAD_FULL }

    private final String dependency;
    private final Reason reason;
    private final transient Duration retryAfter;

    public DependencyUnavailable(String dependency, Reason reason, Duration retryAfter, Throwable cause) {
        super("Dependency " + dependency + " unavailable: " + reason.name().toLowerCase(java.util.Locale.ROOT), cause);
        this.dependency = dependency;
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    public String dependency() {
        return dependency;
    }

    public Reason reason() {
        return reason;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
