package dev.vigil.resilience.internal.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.resilience.api.DeliveryFailure;
import dev.vigil.resilience.api.DependencyUnavailable;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class VerdictsTest {

    private static final long NOW = 1_000_000;
    /** Draws the ceiling, so the backoff is known: 100 ms doubling. */
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), bound -> bound);

    private static QueueStore.Claimed job(int attempt, long expiresIn) {
        return new QueueStore.Claimed("id", "kind", "", "{}", attempt, 6, NOW - 1, NOW + expiresIn, "token", NOW + 60_000);
    }

    @Test
    void aJobPastItsAttemptsOrItsTimeToLiveDoesNotRun() {
        assertThat(Verdicts.beforeRun(job(3, 1_000), NOW)).isNull();
        assertThat(Verdicts.beforeRun(job(7, 1_000), NOW).reason()).startsWith("attempts exhausted (6 of 6");
        assertThat(Verdicts.beforeRun(job(1, -1), NOW).reason()).isEqualTo("time to live passed before the job could run");
    }

    @Test
    void anUnavailableDependencyDefersByItsDelayWithinATenth() {
        var open = new DependencyUnavailable("webhook", DependencyUnavailable.Reason.BREAKER_OPEN, Duration.ofSeconds(30), null);
        var verdict = Verdicts.afterFailure(job(2, 600_000), new RuntimeException(open), NOW, backoff);
        assertThat(verdict).isInstanceOf(Verdicts.Defer.class);
        assertThat(((Verdicts.Defer) verdict).availableAt()).isBetween(NOW + 30_000, NOW + 33_001);
        assertThat(Verdicts.afterFailure(job(2, 10_000), open, NOW, backoff))
                .isEqualTo(new Verdicts.Dead("time to live ends while webhook is unavailable", open.getMessage()));
    }

    @Test
    void aPermanentFailureIsDeadAtOnceAndATransientOneWaitsItsBackoffOrRetryAfter() {
        assertThat(Verdicts.afterFailure(job(1, 600_000), DeliveryFailure.permanent("receiver answered 404"), NOW, backoff))
                .isEqualTo(new Verdicts.Dead("permanent failure", "DeliveryFailure: receiver answered 404"));
        assertThat(Verdicts.afterFailure(job(3, 600_000), new IllegalStateException("down\r\nforged"), NOW, backoff))
                .isEqualTo(new Verdicts.Retry(NOW + 400, "IllegalStateException: down forged"));
        var limited = DeliveryFailure.transientFailure("receiver answered 429", Duration.ofSeconds(5));
        assertThat(Verdicts.afterFailure(job(1, 600_000), limited, NOW, backoff))
                .isEqualTo(new Verdicts.Retry(NOW + 5_000, "DeliveryFailure: receiver answered 429"));
    }

    @Test
    void theLastAttemptOrATimeToLiveEndingFirstIsDead() {
        assertThat(Verdicts.afterFailure(job(6, 600_000), new IllegalStateException("x"), NOW, backoff))
                .isEqualTo(new Verdicts.Dead("attempts exhausted (6 of 6)", "IllegalStateException: x"));
        assertThat(Verdicts.afterFailure(job(3, 300), new IllegalStateException("x"), NOW, backoff))
                .isEqualTo(new Verdicts.Dead("time to live ends before the next attempt", "IllegalStateException: x"));
    }
}
