package dev.vigil.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.testing.Http.Auth;
import dev.vigil.testing.Http.Reply;
import dev.vigil.testing.VigilServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** A wrong setting is one log line naming its key and a DOWN readiness check, not a stack trace. */
@EnabledIfSystemProperty(named = "vigil.test.db", matches = "h2")
class MisconfigurationIT {

    @Test
    void aWrongSettingIsNamedAndKeepsVigilNotReady() {
        VigilServer.wipeDefaultDatabase("vigil-twin");
        try (VigilServer server = VigilServer.start("vigil-twin", 19480, Map.of(
                "VIGIL_WEB_MAX_BODY_BYTES", "lots",
                "VIGIL_BOOTSTRAP_ADMIN_PASSWORD", "short",
                "VIGIL_SECRETS_KEY", "c2hvcnQta2V5"))) {
            // Live comes before the application's own checks are registered (seen on a loaded machine:
            // {"status":"DOWN","checks":[]}); wait for the configuration check to answer.
            Reply ready = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .until(() -> server.http().get("health/ready", Auth.NONE), r -> r.body().contains("configuration"));
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.body()).contains("vigil.web.max-body-bytes must be a whole number")
                    .contains("vigil.bootstrap.admin-password must be at least 12 characters")
                    .contains("vigil.secrets.key / vigil.secrets.previous-key: the current key must be 32 random bytes")
                    .doesNotContain("short\"").doesNotContain("c2hvcnQta2V5");
            String log = server.log();
            assertThat(log).contains("Configuration problem: vigil.web.max-body-bytes")
                    .contains("Configuration problem: vigil.bootstrap.admin-password")
                    .contains("Configuration problem: vigil.secrets.key")
                    .doesNotContain("NumberFormatException");
        }
    }
}
