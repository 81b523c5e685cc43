package dev.vigil.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test (auto-detected). On the PostgreSQL suite it checks once that
 * PostgreSQL is reachable: if not, the suite is skipped with a clear line, except under CI, where
 * that is a failure. For the in-server suites it also points their Liberty server at a fresh
 * database before Arquillian starts it.
 */
public class DatabaseCondition implements ExecutionCondition {

    /** The bootstrap admin's password on the in-server test servers. */
    public static final String ARQUILLIAN_ADMIN_PASSWORD = "arquillian-admin-password";

    private static Boolean available;
    private static boolean arquillianPrepared;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!TestDatabase.postgres()) {
            prepareArquillianServer();
            return ConditionEvaluationResult.enabled("H2 suite");
        }
        if (!postgresAvailable()) {
            String line = "PostgreSQL not reachable at " + TestDatabase.pgUrl()
                    + " (set VIGIL_TEST_PG_URL): PostgreSQL suite skipped";
            if (TestDatabase.underCi()) {
                throw new IllegalStateException(line + " -- but CI=true requires it");
            }
            return ConditionEvaluationResult.disabled(line);
        }
        prepareArquillianServer();
        return ConditionEvaluationResult.enabled("PostgreSQL reachable");
    }

    private static synchronized boolean postgresAvailable() {
        if (available == null) {
            available = TestDatabase.pgReachable();
            if (!available) {
                System.out.println("[vigil-test] PostgreSQL not reachable at " + TestDatabase.pgUrl()
                        + (TestDatabase.underCi() ? " -- CI=true: failing" : " -- PostgreSQL suite skipped"));
            }
        }
        return available;
    }

    /** Once per test JVM, before Arquillian starts its server: that server's database and port. */
    private static synchronized void prepareArquillianServer() {
        String server = System.getProperty("vigil.test.arq.server");
        if (server == null || arquillianPrepared) {
            return;
        }
        arquillianPrepared = true;
        int port = Integer.parseInt(System.getProperty("vigil.test.arq.port"));
        Map<String, String> env = new HashMap<>(Map.of(
                "VIGIL_HTTP_PORT", Integer.toString(port),
                "VIGIL_HTTPS_PORT", Integer.toString(port + 1),
                "VIGIL_BOOTSTRAP_ADMIN_PASSWORD", ARQUILLIAN_ADMIN_PASSWORD));
        if (TestDatabase.postgres()) {
            String schema = "vigil_arquillian";
            TestDatabase.recreateSchema(schema);
            env.putAll(TestDatabase.vigilEnv(schema, null));
        } else {
            env.put("VIGIL_DB_URL", "jdbc:h2:" + LibertyServers.serverDir(server).resolve("data/vigil-" + UUID.randomUUID())
                    + ";MODE=LEGACY;DB_CLOSE_ON_EXIT=FALSE");
        }
        LibertyServers.writeEnv(server, env);
    }
}
