package dev.vigil.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.Http.Auth;
import dev.vigil.testing.TestDatabase;
import dev.vigil.testing.VigilServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Two Vigil servers started at the same moment on one empty PostgreSQL schema: Liquibase's lock
 * lets one apply the changelogs, both become ready, and exactly one bootstrap admin exists.
 */
@EnabledIfSystemProperty(named = "vigil.test.db", matches = "pg")
class ConcurrentStartIT {

    @Test
    void twoServersStartingAtOnceMigrateOnceAndBothServe() throws Exception {
        String schema = TestDatabase.createSchema("twins");
        Map<String, String> env = new HashMap<>(TestDatabase.vigilEnv(schema, null));
        env.put("VIGIL_BOOTSTRAP_ADMIN_PASSWORD", "twin-admin-password");
        var first = CompletableFuture.supplyAsync(() -> VigilServer.start("vigil-outage", 19380, env));
        var second = CompletableFuture.supplyAsync(() -> VigilServer.start("vigil-twin", 19480, env));
        try (VigilServer a = first.join(); VigilServer b = second.join()) {
            a.awaitReady(Duration.ofSeconds(90));
            b.awaitReady(Duration.ofSeconds(90));
            Auth admin = Auth.basic("admin", "twin-admin-password");
            assertThat(a.http().get("api/v1/me", admin).status()).isEqualTo(200);
            assertThat(b.http().get("api/v1/me", admin).status()).isEqualTo(200);

            assertThat(a.http().postJson("api/v1/admin/apps", admin, "{\"name\":\"twin-app\"}").status())
                    .isEqualTo(201);
            assertThat(b.http().get("api/v1/admin/apps", admin).body()).contains("twin-app");

            assertThat(count(schema, "select count(*) from identity_user where username = 'admin'")).isEqualTo(1);
            assertThat(count(schema, "select count(*) - count(distinct id) from databasechangelog")).isZero();
            assertThat(count(schema, "select count(*) from databasechangelog")).isPositive();
        } finally {
            TestDatabase.dropSchema(schema);
        }
    }

    private static long count(String schema, String sql) throws SQLException {
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
            s.execute("set search_path to " + schema);
            try (ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
