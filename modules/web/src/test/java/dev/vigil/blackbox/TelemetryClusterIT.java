package dev.vigil.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.BlackBox;
import dev.vigil.testing.Http.Auth;
import dev.vigil.testing.Http.Reply;
import dev.vigil.testing.Personas;
import dev.vigil.testing.ServerPair;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Two Vigil servers on one PostgreSQL count each telemetry event once: the same batch sent 20
 * times at once, half to each server, is accepted once in all, and the sums are what one copy holds.
 */
@EnabledIfSystemProperty(named = "vigil.test.db", matches = "pg")
class TelemetryClusterIT {

    private static final String PASSWORD = "telemetry-cluster-password";
    private static final Auth ADMIN = Auth.basic("admin", PASSWORD);
    private static ServerPair servers;

    @BeforeAll
    static void startTwoServers() {
        servers = ServerPair.start("telemetry", PASSWORD, Map.of("VIGIL_SECRETS_KEY", BlackBox.SECRETS_KEY));
    }

    @AfterAll
    static void stopServers() {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void theSameEventsSentToTwoServersAtOnceAreCountedOnce() throws Exception {
        Personas.App app = Personas.app(servers.first.http(), ADMIN, "telemetry-cluster");
        Instant base = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(10, ChronoUnit.MINUTES);
        List<String> events = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < 100; i++) {
            events.add("{\"id\": \"c-" + i + "\", \"type\": \"capture_persistence_fallback_failures\", \"at\": \""
                    + base.plusSeconds(i) + "\", \"value\": " + (i % 7) + "}");
            total += i % 7;
        }
        String batch = "{\"appVersion\": \"5.0.0\", \"events\": [" + String.join(", ", events) + "]}";
        ExecutorService threads = Executors.newFixedThreadPool(20);
        List<Callable<Reply>> copies = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            var server = i % 2 == 0 ? servers.first : servers.second;
            copies.add(() -> server.http().postJson("api/v1/telemetry", app.auth(), batch));
        }
        int accepted = 0;
        int duplicates = 0;
        for (Future<Reply> reply : threads.invokeAll(copies)) {
            Reply r = reply.get();
            assertThat(r.status()).as(r.toString()).isEqualTo(202);
            accepted += r.json().getInt("accepted");
            duplicates += r.json().getInt("duplicates");
        }
        threads.shutdown();
        assertThat(accepted).isEqualTo(100);
        assertThat(duplicates).isEqualTo(1900);
        for (var server : List.of(servers.first, servers.second)) {
            Reply series = server.http().get("api/v1/telemetry/series?app=" + app.id()
                    + "&signal=capture_persistence_fallback_failures&step=minute&from=" + base + "&to="
                    + base.plusSeconds(600), ADMIN);
            assertThat(series.json().getJsonArray("points").stream()
                    .mapToLong(p -> p.asJsonObject().getJsonNumber("value").longValue()).sum()).isEqualTo(total);
            assertThat(series.json().getJsonArray("points").stream()
                    .mapToLong(p -> p.asJsonObject().getJsonNumber("samples").longValue()).sum()).isEqualTo(100);
        }
    }
}
