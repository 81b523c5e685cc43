package dev.vigil.limits.api;

import java.time.Duration;
import java.util.Objects;

/**
 * A limit: at most {@code max} admissions per fixed window of length {@code window}, per key.
 * {@code onStoreFailure} says what happens when the shared store cannot be asked.
 */
public record Policy(String name, int max, Duration window, FailMode onStoreFailure) {

    public Policy {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z][a-z0-9-]{0,63}")) {
            throw new IllegalArgumentException("policy name must be lower-case letters, digits and '-': " + name);
        }
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1");
        }
        if (window.toMillis() < 1000 || window.toDays() > 1) {
            throw new IllegalArgumentException("window must be between 1 s and 1 day");
        }
        Objects.requireNonNull(onStoreFailure, "onStoreFailure");
    }

    /** Start (epoch ms) of the window that holds {@code epochMillis}. */
    public long windowStart(long epochMillis) {
        long w = window.toMillis();
        return Math.floorDiv(epochMillis, w) * w;
    }

    /** What a policy does when the store is unavailable or contended. */
    public enum FailMode {
        /** Answer 429: for authentication and webhooks, where admitting unchecked is the risk. */
        DENY,
        /** Admit: for app traffic, where losing reports is worse than briefly not limiting. */
        ALLOW
    }
}
