package dev.vigil.ingest.internal;

import dev.vigil.kernel.api.Durations;
import dev.vigil.kernel.api.TrackedJob;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps ingest's tables bounded in time: raw telemetry events for
 * {@code vigil.ingest.telemetry-raw-retention} (7 days), per-minute sums and sessions for
 * {@code vigil.ingest.telemetry-retention} (400 days, the longest series by day), uploads and
 * failed uploads for {@code vigil.ingest.upload-retention} (90 days). Each table in its own
 * statement over an index on its time; run hourly, a run deletes about an hour's rows.
 */
@ApplicationScoped
public class IngestRetention implements TrackedJob {

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Inject
    @ConfigProperty(name = "vigil.ingest.telemetry-raw-retention", defaultValue = "7d")
    String rawRetention;

    @Inject
    @ConfigProperty(name = "vigil.ingest.telemetry-retention", defaultValue = "400d")
    String telemetryRetention;

    @Inject
    @ConfigProperty(name = "vigil.ingest.upload-retention", defaultValue = "90d")
    String uploadRetention;

    @Override
    public String name() {
        return "ingest-retention";
    }

    @Override
    public Schedule schedule() {
        return Schedule.hourly(17);
    }

    @Override
    public String run() throws SQLException {
        long now = System.currentTimeMillis();
        long raw = now - Durations.parse(rawRetention).toMillis();
        long sums = now - Durations.parse(telemetryRetention).toMillis();
        long uploads = now - Durations.parse(uploadRetention).toMillis();
        List<String> done = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            done.add("events " + delete(c, "delete from ingest_telemetry_event where received_at < ?", raw));
            done.add("minutes " + delete(c, "delete from ingest_telemetry_minute where at_minute < ?", sums / 60_000L));
            done.add("sessions " + delete(c, "delete from ingest_session where first_at < ?", sums));
            done.add("uploads " + delete(c, "delete from ingest_upload where received_at < ?", uploads));
            done.add("failed uploads " + delete(c, "delete from ingest_failed_upload where received_at < ?", uploads));
        }
        return "deleted " + String.join(", ", done);
    }

    private static int delete(Connection c, String sql, long before) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement(sql)) {
            delete.setLong(1, before);
            return delete.executeUpdate();
        }
    }
}
