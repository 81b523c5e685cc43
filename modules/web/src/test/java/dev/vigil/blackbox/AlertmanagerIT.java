package dev.vigil.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.testing.BlackBox;
import dev.vigil.testing.Http;
import dev.vigil.testing.Http.Auth;
import dev.vigil.testing.Personas;
import dev.vigil.testing.TestDatabase;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Vigil behind a real Alertmanager (Debian's {@code prometheus-alertmanager}): its webhook receiver
 * points at {@code /api/v1/alerts/alertmanager} with an app key as bearer credential; alerts added
 * with {@code amtool alert add} arrive with their labels and annotations, and resolve when
 * Alertmanager resolves them.
 */
@ExtendWith(BlackBox.class)
class AlertmanagerIT {

    private static Process alertmanager;
    private static String url;
    private static Personas.App app;

    private final Http http = BlackBox.http();
    private final Personas personas = BlackBox.personas();

    @BeforeAll
    static void startAlertmanager() throws Exception {
        Optional<Path> binary = binary("prometheus-alertmanager");
        Optional<Path> amtool = binary("amtool");
        String line = "prometheus-alertmanager/amtool not on PATH (Debian package prometheus-alertmanager;"
                + " ci/install-test-tools.sh installs it): AlertmanagerIT skipped";
        if ((binary.isEmpty() || amtool.isEmpty()) && TestDatabase.underCi()) {
            throw new IllegalStateException(line + " -- but CI=true requires it");
        }
        assumeTrue(binary.isPresent() && amtool.isPresent(), line);
        app = Personas.app(BlackBox.http(), BlackBox.personas().admin(), "alertmanager-" + UUID.randomUUID());
        Path dir = Files.createDirectories(Path.of("target", "alertmanager-" + UUID.randomUUID().toString().substring(0, 8)));
        Path config = dir.resolve("am.yml");
        Files.writeString(config, """
                route:
                  receiver: vigil
                  group_by: ['alertname']
                  group_wait: 0s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: vigil
                    webhook_configs:
                      - url: %s
                        send_resolved: true
                        http_config:
                          authorization: {type: Bearer, credentials: "%s"}
                """.formatted(BlackBox.http().base().resolve("/api/v1/alerts/alertmanager"), app.apiKey()));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        url = "http://127.0.0.1:" + port;
        alertmanager = new ProcessBuilder(binary.get().toString(), "--config.file=" + config.toAbsolutePath(),
                "--storage.path=" + dir.resolve("data").toAbsolutePath(), "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=").redirectErrorStream(true).redirectOutput(dir.resolve("am.log").toFile())
                .start();
        HttpClient client = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try {
                return client.send(HttpRequest.newBuilder(URI.create(url + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    @AfterAll
    static void stopAlertmanager() throws InterruptedException {
        if (alertmanager != null) {
            alertmanager.destroy();
            if (!alertmanager.waitFor(10, TimeUnit.SECONDS)) {
                alertmanager.destroyForcibly();
            }
        }
    }

    @Test
    void alertsAddedWithAmtoolArriveWithTheirLabelsAndResolveWithAlertmanager() throws Exception {
        String name = "DiskFull" + UUID.randomUUID().toString().substring(0, 8);
        amtool("alert", "add", name, "severity=critical", "instance=db-1", "--annotation=summary=disk 97% full");
        amtool("alert", "add", name, "severity=critical", "instance=db-2", "--annotation=summary=disk 91% full");

        List<JsonObject> firing = await().atMost(Duration.ofSeconds(30))
                .until(() -> alerts(name, "firing"), list -> list.size() == 2);
        JsonObject first = firing.stream().filter(a -> a.getJsonObject("labels").getString("instance").equals("db-1"))
                .findFirst().orElseThrow();
        assertThat(first.getString("source")).isEqualTo("alertmanager");
        assertThat(first.getString("severity")).isEqualTo("critical");
        assertThat(first.getString("appId")).isEqualTo(app.id());
        assertThat(first.getJsonObject("labels").getString("alertname")).isEqualTo(name);
        assertThat(first.getJsonObject("annotations").getString("summary")).isEqualTo("disk 97% full");

        // Resolved in Alertmanager (ended in the past): Alertmanager sends the resolve, Vigil resolves.
        String past = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        amtool("alert", "add", name, "severity=critical", "instance=db-1", "--annotation=summary=disk 97% full",
                "--end=" + past);
        await().atMost(Duration.ofSeconds(30)).until(() -> alerts(name, "resolved"), list -> list.size() == 1);
        JsonObject resolved = alerts(name, "resolved").get(0);
        assertThat(resolved.getJsonObject("labels").getString("instance")).isEqualTo("db-1");
        assertThat(resolved.getString("endsAt")).isNotEmpty();
        assertThat(alerts(name, "firing")).hasSize(1);
        assertThat(http.postJson("api/v1/alerts/alertmanager", Auth.NONE, "{\"alerts\": []}").status()).isEqualTo(401);
    }

    private List<JsonObject> alerts(String name, String state) {
        List<JsonObject> list = new ArrayList<>();
        http.get("api/v1/admin/alerts?name=" + name + "&state=" + state, personas.admin()).jsonValue().asJsonArray()
                .forEach(v -> list.add(v.asJsonObject()));
        return list;
    }

    private static void amtool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(binary("amtool").orElseThrow().toString(),
                "--alertmanager.url=" + url));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }

    private static Optional<Path> binary(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
