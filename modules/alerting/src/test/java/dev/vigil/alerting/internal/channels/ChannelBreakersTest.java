package dev.vigil.alerting.internal.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChannelBreakersTest {

    private final ChannelBreakers breakers = new ChannelBreakers(3, Duration.ofSeconds(30));

    @Test
    void aChannelFailingInARowStopsBeingCalledAndTheOthersGoOn() {
        assertThat(breakers.failed("dead", 0)).isFalse();
        assertThat(breakers.failed("dead", 1)).isFalse();
        assertThat(breakers.failed("dead", 2)).as("the third in a row opens it").isTrue();
        assertThat(breakers.admit("dead", 3)).hasValueSatisfying(wait -> assertThat(wait).isEqualTo(Duration.ofMillis(29_999)));
        assertThat(breakers.admit("alive", 3)).isEmpty();
        assertThat(breakers.open("dead")).isTrue();
        assertThat(breakers.open("alive")).isFalse();
    }

    @Test
    void afterTheDelayOneTrialGoesThroughAndItsOutcomeClosesOrReopens() {
        for (int i = 0; i < 3; i++) {
            breakers.failed("flaky", 0);
        }
        assertThat(breakers.admit("flaky", 30_000)).as("the trial").isEmpty();
        assertThat(breakers.admit("flaky", 30_001)).as("only one trial at a time").isPresent();
        assertThat(breakers.failed("flaky", 30_002)).as("a failed trial opens it again").isTrue();
        assertThat(breakers.admit("flaky", 59_000)).isPresent();
        assertThat(breakers.admit("flaky", 60_002)).isEmpty();
        breakers.succeeded("flaky");
        assertThat(breakers.open("flaky")).isFalse();
        assertThat(breakers.admit("flaky", 60_003)).isEmpty();
    }

    @Test
    void aSuccessBetweenFailuresStartsTheCountAgainAndAnUnmadeTrialIsReleased() {
        breakers.failed("c", 0);
        breakers.failed("c", 1);
        breakers.succeeded("c");
        assertThat(breakers.failed("c", 2)).isFalse();
        assertThat(breakers.failed("c", 3)).isFalse();
        assertThat(breakers.failed("c", 4)).isTrue();
        assertThat(breakers.admit("c", 30_004)).isEmpty();
        breakers.released("c");
        assertThat(breakers.admit("c", 30_005)).as("the trial may be made again").isEmpty();
    }
}
