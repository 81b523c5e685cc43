package dev.vigil.alerting.internal.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GroupTimerTest {

    private static final RoutingTree.Timing TIMING = new RoutingTree.Timing(Duration.ofSeconds(30),
            Duration.ofMinutes(5), Duration.ofHours(4));
    private static final long T0 = 1_000_000_000L;

    @Test
    void aNewGroupWaitsItsGroupWaitAndLaterChangesWaitForTheGroupInterval() {
        assertThat(GroupTimer.onChange(null, null, T0, T0 + 1_000, TIMING)).isEqualTo(T0 + 30_000);
        long lastLook = T0 + 30_000;
        assertThat(GroupTimer.onChange(null, lastLook, T0, lastLook + 60_000, TIMING)).isEqualTo(lastLook + 300_000);
        assertThat(GroupTimer.onChange(null, lastLook, T0, lastLook + 400_000, TIMING)).isEqualTo(lastLook + 400_000);
        // A group already due sooner (its repeat) keeps the sooner time.
        assertThat(GroupTimer.onChange(lastLook + 100_000, lastLook, T0, lastLook + 60_000, TIMING))
                .isEqualTo(lastLook + 100_000);
    }

    @Test
    void repeatsOnlyAfterTheRepeatIntervalWhileAlertsFire() {
        long notified = T0;
        assertThat(GroupTimer.shouldNotify(false, false, true, notified, notified + 4 * 3_600_000 - 1, TIMING)).isFalse();
        assertThat(GroupTimer.shouldNotify(false, false, true, notified, notified + 4 * 3_600_000, TIMING)).isTrue();
        assertThat(GroupTimer.shouldNotify(false, false, false, notified, notified + 9 * 3_600_000, TIMING)).isFalse();
        assertThat(GroupTimer.shouldNotify(true, false, true, notified, notified + 1, TIMING)).isTrue();
        assertThat(GroupTimer.shouldNotify(false, true, false, notified, notified + 1, TIMING)).isTrue();
    }

    @Test
    void theNextLookIsTheRepeatWhileAlertsFireAndNoneOtherwise() {
        assertThat(GroupTimer.afterLook(true, T0, T0, TIMING)).isEqualTo(T0 + 4 * 3_600_000);
        assertThat(GroupTimer.afterLook(true, T0, T0 + 60_000, TIMING)).isEqualTo(T0 + 4 * 3_600_000);
        assertThat(GroupTimer.afterLook(false, T0, T0 + 60_000, TIMING)).isNull();
    }
}
