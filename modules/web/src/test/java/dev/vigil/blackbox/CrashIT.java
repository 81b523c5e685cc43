package dev.vigil.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.Http.Auth;
import dev.vigil.testing.Personas;
import dev.vigil.testing.ReportBurst;
import dev.vigil.testing.TestDatabase;
import dev.vigil.testing.VigilServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of Vigil the moment it has acknowledged a burst of reports: after the restart
 * every acknowledged report is there (DESIGN rule 1). On H2 with the server's default embedded
 * database — whose URL must not let a commit wait in memory ({@code WRITE_DELAY=0}; with H2's
 * default of 500 ms this test loses the last half second of reports) — and on PostgreSQL with a
 * fresh schema.
 */
class CrashIT {

    private static final String SERVER = "vigil-crash";
    private static final int PORT = 19600;
    private static final String ADMIN_PASSWORD = "crash-admin-password";
    private static final Auth ADMIN = Auth.basic("admin", ADMIN_PASSWORD);
    private static final int THREADS = 8;
    private static final int PER_THREAD = 250;

    @Test
    void everyAcknowledgedReportSurvivesKillMinus9() {
        Map<String, String> env = new HashMap<>();
        env.put("VIGIL_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        // The burst is far above the per-app limit; a 429 would not be an acknowledgement to check.
        env.put("VIGIL_LIMITS_ISSUES_MAX", "1000000");
        String schema = null;
        if (TestDatabase.postgres()) {
            schema = TestDatabase.createSchema("crash");
            env.putAll(TestDatabase.vigilEnv(schema, null));
        } else {
            VigilServer.wipeDefaultDatabase(SERVER);
        }
        try {
            VigilServer server = VigilServer.start(SERVER, PORT, env);
            ReportBurst burst;
            long sending;
            try {
                server.awaitReady(Duration.ofSeconds(60));
                Personas.App app = Personas.app(server.http(), ADMIN, "crash-" + UUID.randomUUID());
                sending = System.nanoTime();
                burst = ReportBurst.start(server.http(), app, THREADS, PER_THREAD);
                burst.awaitFinished(Duration.ofSeconds(180));
            } finally {
                // Right after the last answer (or to clean up when the burst went wrong).
                server.kill();
            }
            long burstMillis = (System.nanoTime() - sending) / 1_000_000;
            burst.close();

            try (VigilServer restarted = VigilServer.start(SERVER, PORT, env)) {
                restarted.awaitReady(Duration.ofSeconds(60));
                List<String> lost = burst.lost(restarted.http(), ADMIN);
                System.out.printf("[vigil-test] CrashIT on %s: %d reports acknowledged in %d ms by %d threads,"
                        + " then kill -9; after the restart %d lost%n", TestDatabase.postgres() ? "PostgreSQL" : "H2",
                        burst.acknowledged().size(), burstMillis, THREADS, lost.size());

                assertThat(burst.unanswered()).as("requests without an answer before the kill").isEmpty();
                assertThat(burst.refused()).as("answers other than 201 before the kill").isEmpty();
                assertThat(burst.acknowledged()).hasSize(THREADS * PER_THREAD);
                assertThat(lost).as("acknowledged reports missing after kill -9 and restart").isEmpty();
            }
        } finally {
            if (schema != null) {
                TestDatabase.dropSchema(schema);
            }
        }
    }
}
