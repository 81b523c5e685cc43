package dev.vigil.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.testing.BlackBox;
import dev.vigil.testing.Http;
import dev.vigil.testing.Http.Auth;
import dev.vigil.testing.TestDatabase;
import jakarta.json.JsonObject;
import java.io.File;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Health probes, Prometheus metrics and the OpenAPI document, without credentials. */
@ExtendWith(BlackBox.class)
class ProbesAndMetricsIT {

    private final Http http = BlackBox.http();

    @Test
    void probesAreUpWithDatabaseDetails() {
        assertThat(http.get("health/live", Auth.NONE).status()).isEqualTo(200);
        assertThat(http.get("health/started", Auth.NONE).status()).isEqualTo(200);
        var ready = http.get("health/ready", Auth.NONE);
        assertThat(ready.status()).isEqualTo(200);
        JsonObject database = ready.json().getJsonArray("checks").stream().map(JsonObject.class::cast)
                .filter(c -> c.getString("name").equals("database")).findFirst().orElseThrow();
        assertThat(database.getJsonObject("data").getString("state")).isIn("ok", "degraded");
        assertThat(database.getJsonObject("data").getString("schema")).isEqualTo("applied");
        assertThat(database.getJsonObject("data").containsKey("latencyMs")).isTrue();
    }

    @Test
    void metricsCountRequestsByRouteAndStatus() {
        http.get("api/v1/me", Auth.NONE);
        http.get("api/v1/me", BlackBox.personas().admin());
        var metrics = http.get("metrics", Auth.NONE);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(metrics.body())
                .containsPattern("vigil_http_requests_total\\{[^}]*route=\"/api/v1/me\"[^}]*status=\"401\"")
                .containsPattern("vigil_http_requests_total\\{[^}]*route=\"/api/v1/me\"[^}]*status=\"200\"")
                .contains("vigil_http_request_duration_seconds")
                .contains("connectionpool_");
    }

    @Test
    void metricsPassPromtool() throws Exception {
        File promtool = new File("/usr/bin/promtool");
        if (!promtool.canExecute()) {
            if (TestDatabase.underCi()) {
                throw new AssertionError("promtool is missing; ci/install-test-tools.sh installs it");
            }
            assumeTrue(false, "promtool not installed (apt-get install prometheus): promtool check skipped");
        }
        Path scraped = Files.createTempFile("vigil-metrics", ".txt");
        Files.writeString(scraped, http.get("metrics", Auth.NONE).body());
        Process check = new ProcessBuilder(promtool.getPath(), "check", "metrics").redirectInput(scraped.toFile())
                .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes());
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // promtool exits 3 for lint warnings (names and help texts of Liberty's vendor metrics); only 1 is invalid.
        assertThat(check.exitValue()).as(output).isIn(0, 3);
        assertThat(output).doesNotContain("error while linting");
        // Vigil's own families pass the linter: each has a HELP text, names in snake_case.
        assertThat(output.lines().filter(line -> line.startsWith("vigil_"))).as(output).isEmpty();
        assertThat(Files.readAllLines(scraped).stream().filter(line -> line.startsWith("# HELP vigil_")))
                .isNotEmpty().allSatisfy(help -> assertThat(help.split(" ", 4)).hasSize(4)
                        .satisfies(parts -> assertThat(parts[3]).isNotBlank()));
    }

    @Test
    void madeUpMethodsShareOneLabelValue() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertThat(http.send("MADEUP" + i, "api/v1/me", Auth.NONE, null, HttpRequest.BodyPublishers.noBody())
                    .status()).isEqualTo(405);
        }
        String metrics = http.get("metrics", Auth.NONE).body();
        assertThat(metrics).doesNotContain("method=\"MADEUP")
                .containsPattern("vigil_http_requests_total\\{[^}]*method=\"other\"[^}]*status=\"405\"");
    }

    @Test
    void openApiDescribesTheApiAndHasAUi() {
        var document = http.get("openapi?format=JSON", Auth.NONE);
        assertThat(document.status()).isEqualTo(200);
        assertThat(document.json().getJsonObject("paths").keySet())
                .contains("/api/v1/me", "/api/v1/admin/apps", "/api/v1/admin/users", "/api/v1/admin/audit");
        var ui = http.get("openapi/ui/", Auth.NONE);
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.body()).containsIgnoringCase("<html");
    }
}
