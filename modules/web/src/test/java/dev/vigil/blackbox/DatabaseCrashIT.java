package dev.vigil.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.testing.Http.Auth;
import dev.vigil.testing.LocalPostgres;
import dev.vigil.testing.Personas;
import dev.vigil.testing.ReportBurst;
import dev.vigil.testing.TestDatabase;
import dev.vigil.testing.VigilServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * PostgreSQL crashes ({@code pg_ctl stop -m immediate}) under 8 threads of reports and comes
 * back: every 201 is stored, every other answer is {@code 503 dependency_unavailable} with
 * {@code Retry-After}, and Vigil is ready again by itself within 10 s of the database's return.
 * On a PostgreSQL of the test's own (initdb under target/), never the shared one.
 */
@EnabledIfSystemProperty(named = "vigil.test.db", matches = "pg")
class DatabaseCrashIT {

    private static final String SERVER = "vigil-crash";
    private static final int PORT = 19610;
    private static final String ADMIN_PASSWORD = "db-crash-admin-password";
    private static final Auth ADMIN = Auth.basic("admin", ADMIN_PASSWORD);
    private static final int THREADS = 8;
    /** A bound for each sender; the test stops them long before. */
    private static final int AT_MOST_PER_THREAD = 20_000;

    @Test
    void reportsDuringADatabaseCrashAreStoredOrRefusedAndVigilRecoversByItself() {
        Path bin = postgresBinaries();
        try (LocalPostgres database = LocalPostgres.start(bin, Path.of("target"), 19650, 19699);
             VigilServer server = VigilServer.start(SERVER, PORT, Map.of(
                     "VIGIL_DB_URL", database.jdbcUrl(), "VIGIL_DB_USER", "postgres", "VIGIL_DB_PASSWORD", "postgres",
                     "VIGIL_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD, "VIGIL_LIMITS_ISSUES_MAX", "1000000"))) {
            server.awaitReady(Duration.ofSeconds(60));
            Personas.App app = Personas.app(server.http(), ADMIN, "db-crash");

            Duration toReady;
            ReportBurst reports = ReportBurst.start(server.http(), app, THREADS, AT_MOST_PER_THREAD);
            try (reports) {
                reports.awaitAcknowledged(300, Duration.ofSeconds(60));
                database.crash();
                reports.awaitRefused(50, Duration.ofSeconds(30));
                assertThat(server.http().get("health/ready", Auth.NONE).status()).isEqualTo(503);

                database.start();
                long back = System.nanoTime();
                server.awaitReady(Duration.ofSeconds(10));
                toReady = Duration.ofNanos(System.nanoTime() - back);
                int before = reports.acknowledged().size();
                reports.awaitAcknowledged(before + 300, Duration.ofSeconds(30));
                reports.stop(Duration.ofSeconds(60));
            }

            List<ReportBurst.Refusal> unexpected = reports.refused().stream()
                    .filter(r -> !(r.status() == 503 && "dependency_unavailable".equals(r.code()) && r.retryAfter()))
                    .toList();
            List<String> lost = reports.lost(server.http(), ADMIN);
            System.out.printf("[vigil-test] DatabaseCrashIT: %d acknowledged, %d refused with 503, %d unexpected,"
                    + " %d unanswered, %d lost; ready again %d ms after PostgreSQL was back%n",
                    reports.acknowledged().size(), reports.refused().size() - unexpected.size(), unexpected.size(),
                    reports.unanswered().size(), lost.size(), toReady.toMillis());

            assertThat(unexpected).as("answers other than 201 and 503 dependency_unavailable with Retry-After")
                    .isEmpty();
            assertThat(reports.unanswered()).as("requests without an answer").isEmpty();
            assertThat(lost).as("acknowledged reports missing after the database crash").isEmpty();
        }
    }

    /** initdb and pg_ctl; missing, the test is skipped with a line saying so, except under CI. */
    private static Path postgresBinaries() {
        Optional<Path> bin = LocalPostgres.binaries();
        String line = "initdb/pg_ctl not found on PATH or under /usr/lib/postgresql/*/bin"
                + " (Debian package postgresql; ci/install-test-tools.sh installs it): DatabaseCrashIT skipped";
        if (bin.isEmpty() && TestDatabase.underCi()) {
            throw new IllegalStateException(line + " -- but CI=true requires it");
        }
        assumeTrue(bin.isPresent(), line);
        return bin.get();
    }
}
