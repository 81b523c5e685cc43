package dev.vigil.ops.internal.jobs;

import dev.vigil.kernel.api.Durations;
import dev.vigil.kernel.api.TrackedJob;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Removes job runs older than {@code vigil.ops.job-runs.retention} (30 days; {@code 30d}, {@code 720h} or ISO {@code P30D}). */
@ApplicationScoped
public class OpsCleanup implements TrackedJob {

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Inject
    @ConfigProperty(name = "vigil.ops.job-runs.retention", defaultValue = "30d")
    String retention;

    @Override
    public String name() {
        return "ops-cleanup";
    }

    @Override
    public Schedule schedule() {
        return Schedule.daily(3, 17);
    }

    @Override
    public String run() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement delete = c.prepareStatement("delete from ops_job_run where started_at < ?")) {
            delete.setLong(1, System.currentTimeMillis() - Durations.parse(retention).toMillis());
            return "job runs removed: " + delete.executeUpdate();
        }
    }
}
