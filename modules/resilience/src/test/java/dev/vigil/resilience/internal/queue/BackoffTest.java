package dev.vigil.resilience.internal.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LongSummaryStatistics;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5));

    @Test
    void theCeilingDoublesFromTheBaseUpToTheMaximum() {
        assertThat(List.of(1, 2, 3, 4, 8, 9, 10, 60, 1000).stream().map(backoff::ceilingMillis).toList())
                .containsExactly(2_000L, 4_000L, 8_000L, 16_000L, 256_000L, 300_000L, 300_000L, 300_000L, 300_000L);
    }

    @Test
    void aZeroOrNegativeAttemptWaitsAtMostTheBase() {
        assertThat(backoff.ceilingMillis(0)).isEqualTo(2_000L);
        assertThat(backoff.ceilingMillis(-5)).isEqualTo(2_000L);
    }

    @Test
    void fullJitterDrawsUniformlyBetweenZeroAndTheCeiling() {
        for (int attempt = 1; attempt <= 6; attempt++) {
            long ceiling = backoff.ceilingMillis(attempt);
            LongSummaryStatistics draws = new ArrayList<Long>().stream().mapToLong(Long::longValue).summaryStatistics();
            for (int i = 0; i < 20_000; i++) {
                draws.accept(backoff.delayMillis(attempt));
            }
            assertThat(draws.getMin()).as("attempt %d", attempt).isGreaterThanOrEqualTo(0).isLessThan(ceiling / 20);
            assertThat(draws.getMax()).as("attempt %d", attempt).isLessThanOrEqualTo(ceiling).isGreaterThan(ceiling * 19 / 20);
            assertThat(draws.getAverage()).as("attempt %d: the mean of U(0, ceiling)", attempt)
                    .isBetween(ceiling * 0.47, ceiling * 0.53);
        }
    }

    @Test
    void theDrawIsTakenBelowTheCeilingInclusive() {
        List<Long> bounds = new ArrayList<>();
        Backoff recorded = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), bound -> {
            bounds.add(bound);
            return bound;
        });
        assertThat(recorded.delayMillis(1)).isEqualTo(100);
        assertThat(recorded.delayMillis(3)).isEqualTo(400);
        assertThat(recorded.delayMillis(5)).isEqualTo(1_000);
        assertThat(bounds).containsExactly(100L, 400L, 1_000L);
    }
}
