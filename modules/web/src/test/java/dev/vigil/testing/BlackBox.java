package dev.vigil.testing;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One started Vigil per test JVM for the black-box suites, on H2 (the default embedded database,
 * wiped first) or on a fresh PostgreSQL schema, with the shared personas created once.
 */
public class BlackBox implements BeforeAllCallback {

    public static final String SERVER = "vigil";
    /** The one browser origin the black-box server admits. */
    public static final String ALLOWED_ORIGIN = "https://ops.example.com";
    /** The key webhook secrets are sealed with (32 bytes, base64); tests only. */
    public static final String SECRETS_KEY = "dGVzdC1vbmx5LXNlY3JldHMta2V5LTMyLWJ5dGVzISE=";
    /** The key before the last rotation, still accepted to open secrets; tests only. */
    public static final String SECRETS_PREVIOUS_KEY = "b2xkLXRlc3Qtb25seS1zZWNyZXRzLWtleS0zMmJ5dGU=";

    private static VigilServer server;
    private static Personas personas;
    private static String schema;

    @Override
    public void beforeAll(ExtensionContext context) {
        start(context);
    }

    /**
     * The work queue and the drill dependency at test speed: quick polls and backoffs (200 ms
     * doubling to 2 s), a 1 s timeout, and a breaker that opens after 4 failures in a row (ratio 1.0),
     * tries again after 2 s and closes on one success. Drills live 3 s; at most 50 HTTP drills queue.
     */
    /** MP Fault Tolerance's keys of the drill dependency (queue drills' HTTP posts), as environment variables. */
    public static final String DRILL_FT = "DEV_VIGIL_RESILIENCE_INTERNAL_DEPS_DRILLDEPENDENCY_CALL_";

    public static final Map<String, String> QUEUE = Map.of(
            "VIGIL_RESILIENCE_QUEUE_POLL_INTERVAL", "50ms",
            "VIGIL_RESILIENCE_QUEUE_BACKOFF_BASE", "200ms",
            "VIGIL_RESILIENCE_QUEUE_BACKOFF_MAX", "2s",
            "VIGIL_RESILIENCE_QUEUE_DRILL_TTL", "3s",
            "VIGIL_RESILIENCE_QUEUE_DRILL_HTTP_MAX_QUEUED", "50",
            DRILL_FT + "TIMEOUT_VALUE", "1000",
            DRILL_FT + "CIRCUITBREAKER_REQUESTVOLUMETHRESHOLD", "4",
            DRILL_FT + "CIRCUITBREAKER_FAILURERATIO", "1.0",
            DRILL_FT + "CIRCUITBREAKER_DELAY", "2000",
            DRILL_FT + "CIRCUITBREAKER_SUCCESSTHRESHOLD", "1");

    /** MP Fault Tolerance's keys of the webhook dependency (alert notifications), as environment variables. */
    public static final String WEBHOOK_FT = "DEV_VIGIL_RESILIENCE_INTERNAL_DEPS_WEBHOOKDEPENDENCY_CALL_";

    /**
     * Alerting at test speed: a channel's breaker and the webhook and SMTP dependencies' breakers try again
     * after 1 s, so a channel that other suites point at nothing (the access matrix, the fuzzer)
     * holds up the others for a second, not half a minute.
     */
    public static final Map<String, String> ALERTING = Map.of(
            "VIGIL_ALERTING_CHANNEL_BREAKER_DELAY", "1s",
            WEBHOOK_FT + "CIRCUITBREAKER_DELAY", "1000",
            "DEV_VIGIL_ALERTING_INTERNAL_CHANNELS_EMAIL_SMTPDEPENDENCY_CALL_CIRCUITBREAKER_DELAY", "1000",
            // GreenMail's SMTPS certificate is its own making: trusted by host name, as a private relay's would be.
            "VIGIL_ALERTING_SMTP_TRUSTED_HOSTS", "127.0.0.1",
            // Small enough for a test to reach with one Alertmanager payload; above what other suites raise per app.
            "VIGIL_ALERTING_MAX_OPEN_PER_APP", "300");

    private static synchronized void start(ExtensionContext context) {
        if (server != null) {
            return;
        }
        Map<String, String> env = new HashMap<>();
        env.put("VIGIL_BOOTSTRAP_ADMIN_PASSWORD", Personas.ADMIN_PASSWORD);
        // Tests stand in for clients at other addresses through X-Forwarded-For.
        env.put("VIGIL_LIMITS_TRUSTED_PROXIES", "127.0.0.1,0:0:0:0:0:0:0:1");
        env.put("VIGIL_LIMITS_CORS_ALLOWED_ORIGINS", ALLOWED_ORIGIN);
        env.put("VIGIL_SECRETS_KEY", SECRETS_KEY);
        env.put("VIGIL_SECRETS_PREVIOUS_KEY", SECRETS_PREVIOUS_KEY);
        env.putAll(QUEUE);
        env.putAll(ALERTING);
        schema = null;
        if (TestDatabase.postgres()) {
            schema = TestDatabase.createSchema("blackbox");
            env.putAll(TestDatabase.vigilEnv(schema, null));
        } else {
            VigilServer.wipeDefaultDatabase(SERVER);
        }
        server = VigilServer.start(SERVER, Integer.getInteger("vigil.test.bb.port", 19080), env);
        server.awaitReady(Duration.ofSeconds(60));
        personas = Personas.create(server.http());
        String dropSchema = schema;
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(BlackBox.class,
                (ExtensionContext.Store.CloseableResource) () -> {
                    server.close();
                    if (dropSchema != null) {
                        TestDatabase.dropSchema(dropSchema);
                    }
                });
    }

    public static VigilServer server() {
        return server;
    }

    public static Http http() {
        return server.http();
    }

    public static Personas personas() {
        return personas;
    }

    /** The PostgreSQL schema the server runs on, for tests that look at stored rows; empty on H2. */
    public static java.util.Optional<String> schema() {
        return java.util.Optional.ofNullable(schema);
    }
}
