package dev.vigil.limits.api;

import java.time.Duration;

/**
 * One rate-limit decision. {@code remaining} is this server's view (exact when the key is used on
 * one server; an upper bound when several share it). {@code resetAfter} is the time to the end of
 * the window.
 */
public record Decision(Outcome outcome, Policy policy, long windowStart, int remaining, Duration resetAfter) {

    public boolean allowed() {
        return outcome == Outcome.ALLOWED || (outcome.isFailure() && policy.onStoreFailure() == Policy.FailMode.ALLOW);
    }

    /** Seconds to tell the client in {@code Retry-After}: at least 1. */
    public long retryAfterSeconds() {
        return Math.max(1, (resetAfter.toMillis() + 999) / 1000);
    }

    public enum Outcome {
        ALLOWED("allowed"), BLOCKED("blocked"), STORE_UNAVAILABLE("store_unavailable"), CONTENTION("contention");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        /** The metric label. */
        public String label() {
            return label;
        }

        public boolean isFailure() {
            return this == STORE_UNAVAILABLE || this == CONTENTION;
        }
    }
}
