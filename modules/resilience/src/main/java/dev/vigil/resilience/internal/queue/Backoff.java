package dev.vigil.resilience.internal.queue;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * Exponential backoff with full jitter (AWS's "Exponential Backoff And Jitter"): after the n-th
 * failed attempt the job waits a uniformly random time in [0, min(max, base * 2^(n-1))]. Random
 * waits spread the retries of many jobs that failed together, so a receiver that recovers is not
 * hit by all of them at once.
 */
public final class Backoff {

    private final long baseMillis;
    private final long maxMillis;
    private final LongUnaryOperator random;

    public Backoff(Duration base, Duration max) {
        this(base, max, bound -> ThreadLocalRandom.current().nextLong(bound + 1));
    }

    Backoff(Duration base, Duration max, LongUnaryOperator random) {
        this.baseMillis = Math.max(1, base.toMillis());
        this.maxMillis = Math.max(baseMillis, max.toMillis());
        this.random = random;
    }

    /** The longest wait after the given failed attempt (1 for the first). */
    public long ceilingMillis(int failedAttempt) {
        int doublings = Math.max(0, Math.min(failedAttempt - 1, 40));
        long ceiling = baseMillis << doublings;
        return ceiling <= 0 || ceiling > maxMillis ? maxMillis : ceiling;
    }

    /** How long to wait after the given failed attempt. */
    public long delayMillis(int failedAttempt) {
        return random.applyAsLong(ceilingMillis(failedAttempt));
    }
}
