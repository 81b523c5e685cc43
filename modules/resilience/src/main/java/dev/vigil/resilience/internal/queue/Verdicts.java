package dev.vigil.resilience.internal.queue;

import dev.vigil.resilience.api.DeliveryFailure;
import dev.vigil.resilience.api.DependencyUnavailable;
import dev.vigil.resilience.internal.OneLine;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What becomes of a claimed job: whether it may run at all, and after a failed attempt whether it
 * is deferred (attempt refunded), tried again after its backoff, or dead with a reason. Decisions
 * only; the dispatcher writes them.
 */
final class Verdicts {

    /** A decision about one job. */
    sealed interface Verdict permits Defer, Retry, Dead {
    }

    /** Queued again at {@code availableAt} with its attempt refunded: the call was never made. */
    record Defer(long availableAt) implements Verdict {
    }

    /** Queued again at {@code availableAt}; the attempt counts. */
    record Retry(long availableAt, String error) implements Verdict {
    }

    /** A dead letter; {@code error} is the last error, or null. */
    record Dead(String reason, String error) implements Verdict {
    }

    private Verdicts() {
    }

    /** Why a claimed job may not run any more, or null when it may. */
    static Dead beforeRun(QueueStore.Claimed job, long now) {
        if (job.attempt() > job.maxAttempts()) {
            return new Dead("attempts exhausted (" + job.maxAttempts() + " of " + job.maxAttempts()
                    + "; the last one's lease expired)", null);
        }
        if (now > job.expiresAt()) {
            return new Dead("time to live passed before the job could run", null);
        }
        return null;
    }

    /** What follows a failed attempt. */
    static Verdict afterFailure(QueueStore.Claimed job, Throwable failure, long now, Backoff backoff) {
        DependencyUnavailable unavailable = find(failure, DependencyUnavailable.class);
        if (unavailable != null) {
            // Spread over a tenth of the delay, so the jobs an open breaker held do not all arrive at
            // its half-open call together; the job keeps the last error it really had.
            long delay = unavailable.retryAfter().toMillis();
            long wait = delay + ThreadLocalRandom.current().nextLong(Math.max(1, delay / 10) + 1);
            return now + wait <= job.expiresAt() ? new Defer(now + wait)
                    : new Dead("time to live ends while " + unavailable.dependency() + " is unavailable",
                            unavailable.getMessage());
        }
        DeliveryFailure delivery = find(failure, DeliveryFailure.class);
        String error = describe(failure);
        if (delivery != null && delivery.permanent()) {
            return new Dead("permanent failure", error);
        }
        if (job.attempt() >= job.maxAttempts()) {
            return new Dead("attempts exhausted (" + job.attempt() + " of " + job.maxAttempts() + ")", error);
        }
        long wait = backoff.delayMillis(job.attempt());
        if (delivery != null && delivery.retryAfter().isPresent()) {
            wait = Math.max(wait, delivery.retryAfter().get().toMillis());
        }
        return now + wait > job.expiresAt() ? new Dead("time to live ends before the next attempt", error)
                : new Retry(now + wait, error);
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return OneLine.of(failure.getClass().getSimpleName() + (message == null ? "" : ": " + message), 1000);
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth++ < 20; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
