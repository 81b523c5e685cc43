package dev.vigil.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Which database a suite runs on ({@code -Dvigil.test.db=h2|pg}) and how to reach the test
 * PostgreSQL ({@code VIGIL_TEST_PG_URL}, default {@code jdbc:postgresql://127.0.0.1:5432/test}).
 */
public final class TestDatabase {

    private TestDatabase() {
    }

    public static boolean postgres() {
        return "pg".equals(System.getProperty("vigil.test.db", "h2"));
    }

    public static boolean underCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    public static String pgUrl() {
        String env = System.getenv("VIGIL_TEST_PG_URL");
        return env != null && !env.isBlank() ? env
                : System.getProperty("vigil.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
    }

    public static String pgUser() {
        return System.getProperty("vigil.test.pg.user", "postgres");
    }

    public static String pgPassword() {
        return System.getProperty("vigil.test.pg.password", "postgres");
    }

    public static Connection connect() throws SQLException {
        DriverManager.setLoginTimeout(5);
        return DriverManager.getConnection(pgUrl(), pgUser(), pgPassword());
    }

    public static boolean pgReachable() {
        try (Connection c = connect()) {
            return c.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    /** A fresh, empty schema; Vigil's tables go there through {@code ?currentSchema=}. */
    public static String createSchema(String purpose) {
        String name = ("vigil_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8))
                .toLowerCase(Locale.ROOT).replace('-', '_');
        recreateSchema(name);
        return name;
    }

    public static void recreateSchema(String name) {
        execute("drop schema if exists " + name + " cascade", "create schema " + name);
    }

    public static void dropSchema(String name) {
        execute("drop schema if exists " + name + " cascade");
    }

    /** The JDBC URL Vigil should use for a schema (and, if given, another host:port). */
    public static String urlFor(String schema, String hostPort) {
        String url = pgUrl();
        if (hostPort != null) {
            url = url.replaceFirst("//[^/]+/", "//" + hostPort + "/");
        }
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** The variables that point a Vigil server at a schema (through another host:port if given). */
    public static Map<String, String> vigilEnv(String schema, String hostPort) {
        return Map.of("VIGIL_DB_URL", urlFor(schema, hostPort), "VIGIL_DB_USER", pgUser(),
                "VIGIL_DB_PASSWORD", pgPassword());
    }

    private static void execute(String... statements) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prepare the test schema: " + e.getMessage(), e);
        }
    }
}
