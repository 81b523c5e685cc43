package dev.vigil.ops.internal.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PingRouteTest {

    private static final String UUID = "5bf66975-d4c7-4bf5-bcc8-b8d8a82ea278";

    @Test
    void aUuidWithAnOptionalActionOrExitStatus() {
        assertThat(PingRoute.of("/" + UUID)).isEqualTo(new PingRoute(UUID, null, null, CheckRules.Action.SUCCESS, null));
        assertThat(PingRoute.of("/" + UUID.toUpperCase() + "/")).isEqualTo(
                new PingRoute(UUID, null, null, CheckRules.Action.SUCCESS, null));
        assertThat(PingRoute.of("/" + UUID + "/start").action()).isEqualTo(CheckRules.Action.START);
        assertThat(PingRoute.of("/" + UUID + "/fail").action()).isEqualTo(CheckRules.Action.FAIL);
        assertThat(PingRoute.of("/" + UUID + "/log").action()).isEqualTo(CheckRules.Action.LOG);
        assertThat(PingRoute.of("/" + UUID + "/0")).isEqualTo(new PingRoute(UUID, null, null, CheckRules.Action.SUCCESS, 0));
        assertThat(PingRoute.of("/" + UUID + "/7")).isEqualTo(new PingRoute(UUID, null, null, CheckRules.Action.FAIL, 7));
    }

    @Test
    void aPingKeyAndASlugWithAnOptionalAction() {
        assertThat(PingRoute.of("/key_1/nightly-backup")).isEqualTo(
                new PingRoute(null, "key_1", "nightly-backup", CheckRules.Action.SUCCESS, null));
        assertThat(PingRoute.of("/key_1/nightly-backup/start")).isEqualTo(
                new PingRoute(null, "key_1", "nightly-backup", CheckRules.Action.START, null));
        assertThat(PingRoute.of("/key_1/nightly-backup/255").exitStatus()).isEqualTo(255);
        // A uuid and no action after it: as healthchecks.io reads it, a ping key that looks like a uuid.
        assertThat(PingRoute.of("/" + UUID + "/nightly")).isEqualTo(
                new PingRoute(null, UUID, "nightly", CheckRules.Action.SUCCESS, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/x", "/key/slug/start/more", "/key/slug/nope", "/key/sl ug",
        "/key/slug/1234567890", "/a/b/c/d/e"})
    void aPathThatNamesNothingIsNoRoute(String path) {
        assertThat(PingRoute.of(path)).isNull();
    }

    @Test
    void anExitStatusOver255OrASlugInCapitalsIsABadRequest() {
        assertThatThrownBy(() -> PingRoute.of("/" + UUID + "/256")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PingRoute.of("/key/Nightly")).isInstanceOf(IllegalArgumentException.class);
        assertThat(PingRoute.of(null)).isNull();
        assertThat(PingRoute.of("/" + "k".repeat(400))).isNull();
    }
}
