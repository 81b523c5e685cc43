package dev.vigil.alerting.internal.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import liquibase.Liquibase;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.Assumptions;

/** Fresh databases with the real alerting changelog applied: in-memory H2, and PostgreSQL when reachable. */
public final class Databases {

    private Databases() {
    }

    public static DataSource fresh(String kind) throws Exception {
        DataSource dataSource = kind.equals("pg") ? postgres() : h2();
        try (Connection c = dataSource.getConnection()) {
            var database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            try (var liquibase = new Liquibase("liquibase/alerting/changelog.xml",
                    new ClassLoaderResourceAccessor(), database)) {
                liquibase.update("");
            }
        }
        return dataSource;
    }

    private static DataSource h2() {
        String url = "jdbc:h2:mem:alerting-" + UUID.randomUUID() + ";MODE=LEGACY;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=2000";
        return new Simple(url, "sa", "");
    }

    private static DataSource postgres() throws SQLException {
        String url = System.getenv().getOrDefault("VIGIL_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        Simple admin = new Simple(url, "postgres", "postgres");
        try (Connection c = admin.getConnection()) {
            String schema = "alerting_test_" + UUID.randomUUID().toString().substring(0, 8);
            try (Statement s = c.createStatement()) {
                s.execute("create schema " + schema);
            }
            return new Simple(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, "postgres",
                    "postgres");
        } catch (SQLException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw e;
            }
            Assumptions.abort("PostgreSQL not reachable at " + url + ": PostgreSQL case skipped");
            throw e;
        }
    }

    /** A plain DriverManager data source; each call opens a connection, as a pool miss would. */
    record Simple(String url, String user, String password) implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }

        @Override
        public Connection getConnection(String u, String p) throws SQLException {
            return DriverManager.getConnection(url, u, p);
        }

        @Override
        public java.io.PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(java.io.PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public java.util.logging.Logger getParentLogger() {
            return java.util.logging.Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
