package dev.vigil.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.Http;
import dev.vigil.testing.Http.Auth;
import dev.vigil.testing.Http.Reply;
import dev.vigil.testing.TcpProxy;
import dev.vigil.testing.TestDatabase;
import dev.vigil.testing.VigilServer;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Vigil without its database: it starts anyway, is not ready, answers 503 (never hangs), and
 * becomes ready by itself when the database comes back; the same when the database goes away
 * while it runs. PostgreSQL only: the embedded H2 cannot be taken away.
 */
@EnabledIfSystemProperty(named = "vigil.test.db", matches = "pg")
class DatabaseOutageIT {

    private static final String SERVER = "vigil-outage";
    private static final Auth ADMIN = Auth.basic("admin", "outage-admin-password");

    @Test
    void vigilStartsWithoutItsDatabaseAndRecoversByItself() {
        URI pg = URI.create(TestDatabase.pgUrl().substring("jdbc:".length()));
        String schema = TestDatabase.createSchema("outage");
        try (TcpProxy database = TcpProxy.to(pg.getHost(), pg.getPort() < 0 ? 5432 : pg.getPort());
             VigilServer server = VigilServer.start(SERVER, 19380, withAdmin(
                     TestDatabase.vigilEnv(schema, "127.0.0.1:" + database.port())))) {
            Http http = server.http();

            Reply ready = http.get("health/ready", Auth.NONE);
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.body()).contains("\"schema\":\"pending\"").contains("\"state\":\"down\"");
            // Anyone may read the probes: the state, never the database's error (user, host, port).
            assertThat(ready.body()).doesNotContain("schemaError").doesNotContain("\"error\"")
                    .doesNotContain(Integer.toString(database.port())).doesNotContain(TestDatabase.pgUser())
                    .doesNotContainIgnoringCase("connection");
            assertThat(server.log()).contains("Database not reachable");
            assertThat(http.get("health/started", Auth.NONE).status()).isEqualTo(503);
            assertThat(http.get("health/live", Auth.NONE).status()).isEqualTo(200);
            assertUnavailable(http.get("api/v1/me", ADMIN));
            assertUnavailable(http.get("api/v1/me", Auth.bearer("vgl_aaaaaaaaaaaa_" + "A".repeat(43))));
            // The rate limiter cannot reach its store either: 'ping' admits by its fail mode, and says so.
            assertThat(http.get("api/v1/ping", Auth.NONE).status()).isEqualTo(200);
            assertThat(http.get("metrics", Auth.NONE).body()).containsPattern(
                    "vigil_ratelimit_decisions_total\\{[^}]*outcome=\"store_unavailable\"[^}]*policy=\"ping\"");

            database.open();
            server.awaitReady(Duration.ofSeconds(60));
            assertThat(http.get("api/v1/me", ADMIN).status()).isEqualTo(200);
            assertThat(http.postJson("api/v1/admin/apps", ADMIN, "{\"name\":\"before-outage\"}").status())
                    .isEqualTo(201);

            database.cut();
            assertThat(http.get("api/v1/ping", Auth.NONE).status()).isEqualTo(200);
            assertUnavailable(http.get("api/v1/admin/apps", ADMIN));
            assertUnavailable(http.postJson("api/v1/admin/apps", ADMIN, "{\"name\":\"during-outage\"}"));
            assertThat(http.get("health/ready", Auth.NONE).status()).isEqualTo(503);

            database.open();
            server.awaitReady(Duration.ofSeconds(60));
            Reply apps = http.get("api/v1/admin/apps", ADMIN);
            assertThat(apps.status()).isEqualTo(200);
            assertThat(apps.body()).contains("before-outage").doesNotContain("during-outage");
        } finally {
            TestDatabase.dropSchema(schema);
        }
    }

    private static Map<String, String> withAdmin(Map<String, String> env) {
        var all = new java.util.HashMap<>(env);
        all.put("VIGIL_BOOTSTRAP_ADMIN_PASSWORD", "outage-admin-password");
        return all;
    }

    private static void assertUnavailable(Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(503);
        assertThat(reply.code()).isEqualTo("dependency_unavailable");
        assertThat(reply.header("Retry-After")).isPresent();
    }
}
