package dev.vigil.resilience.internal.deps;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Writes this server's row of a dependency: delete and insert in one transaction of its own
 * (autocommit off on a connection outside any caller's transaction: it runs on the registry's
 * announcer thread). A failed write is counted and logged; the breaker works on regardless.
 */
@ApplicationScoped
public class DependencyStates {

    private static final Logger LOG = Logger.getLogger(DependencyStates.class.getName());
    private static final Metadata WRITE_FAILURES = Metadata.builder().withName("vigil_dependency_state_write_failures")
            .withDescription("Breaker transitions that could not be written to the database").build();

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Inject
    MetricRegistry metrics;

    void write(String server, DependencyRegistry.Snapshot s) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement delete = c.prepareStatement(
                    "delete from resilience_dependency_state where server_name = ? and dependency = ?");
                 PreparedStatement insert = c.prepareStatement("insert into resilience_dependency_state"
                         + " (server_name, dependency, state, since, failures, last_failure, last_failure_at, updated_at)"
                         + " values (?, ?, ?, ?, ?, ?, ?, ?)")) {
                delete.setString(1, server);
                delete.setString(2, s.dependency());
                delete.executeUpdate();
                insert.setString(1, server);
                insert.setString(2, s.dependency());
                insert.setString(3, s.state().label());
                insert.setLong(4, s.since().toEpochMilli());
                insert.setLong(5, s.failures());
                insert.setString(6, s.lastFailure());
                if (s.lastFailureAt() == null) {
                    insert.setNull(7, Types.BIGINT);
                } else {
                    insert.setLong(7, s.lastFailureAt().toEpochMilli());
                }
                insert.setLong(8, System.currentTimeMillis());
                insert.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            metrics.counter(WRITE_FAILURES).inc();
            LOG.warning(() -> "Breaker state of " + s.dependency() + " not written (" + s.state().label() + "): "
                    + e.getMessage());
        }
    }
}
