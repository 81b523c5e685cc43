package dev.vigil.ops.internal.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobHistoryTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private static JobHistory.Run run(int minutesAgo, String outcome) {
        Instant started = NOW.minus(Duration.ofMinutes(minutesAgo));
        return new JobHistory.Run("r" + minutesAgo, "job", "timer", "vigil@host", started,
                outcome.equals("running") ? null : started.plusSeconds(1), outcome, null, null);
    }

    @Test
    void failuresSinceTheLastSuccessAreCounted() {
        var health = JobHistory.health("job", MINUTE,
                List.of(run(1, "failed"), run(2, "running"), run(3, "failed"), run(4, "succeeded"), run(5, "failed")), NOW);
        assertThat(health.consecutiveFailures()).isEqualTo(2);
        assertThat(health.lastSuccessAt()).isEqualTo(NOW.minus(Duration.ofMinutes(4)).plusSeconds(1));
        assertThat(health.lastRun().runId()).isEqualTo("r1");
        assertThat(health.missed()).isFalse();
    }

    @Test
    void noRunWithinTwicePeriodIsMissed() {
        assertThat(JobHistory.health("job", MINUTE, List.of(run(2, "succeeded")), NOW).missed()).isFalse();
        assertThat(JobHistory.health("job", MINUTE, List.of(run(3, "succeeded")), NOW).missed()).isTrue();
        var never = JobHistory.health("job", MINUTE, List.of(), NOW);
        assertThat(never.missed()).isTrue();
        assertThat(never.lastRun()).isNull();
        assertThat(never.consecutiveFailures()).isZero();
    }
}
