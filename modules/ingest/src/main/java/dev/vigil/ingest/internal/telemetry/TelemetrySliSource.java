package dev.vigil.ingest.internal.telemetry;

import dev.vigil.ingest.api.TelemetrySli;
import dev.vigil.kernel.api.Durations;
import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.VigilException;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Sessions and sync-lag samples counted per minute for the SLO engine (raw samples: 7 days back). */
@ApplicationScoped
public class TelemetrySliSource implements TelemetrySli {

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Inject
    @ConfigProperty(name = "vigil.ingest.sync-fresh-within", defaultValue = "2m")
    String freshWithin;

    @Override
    public List<Minute> minutes(String appId, String measure, long fromMinute, long toMinute) {
        String sql = switch (measure) {
            case CRASH_FREE_SESSIONS -> "select ended_at / 60000, count(*) - sum(case when status_rank = 3 then 1 else 0"
                    + " end), count(*) from ingest_session where app_id = ? and ended_at >= ? and ended_at < ?"
                    + " group by ended_at / 60000 order by 1";
            case SYNC_FRESHNESS -> "select occurred_at / 60000, sum(case when event_value <= "
                    + Durations.parse(freshWithin).toMillis() + " then 1 else 0 end), count(*) from ingest_telemetry_event"
                    + " where app_id = ? and occurred_at >= ? and occurred_at < ? and signal = '" + TelemetryItem.SYNC_LAG
                    + "' group by occurred_at / 60000 order by 1";
            default -> throw new IllegalArgumentException("no telemetry SLI " + measure);
        };
        List<Minute> minutes = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, appId);
            q.setLong(2, fromMinute * 60_000L);
            q.setLong(3, toMinute * 60_000L);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    minutes.add(new Minute(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
                }
            }
        } catch (SQLException e) {
            throw new VigilException(ErrorCode.DEPENDENCY_UNAVAILABLE, "Telemetry cannot be read now", e);
        }
        return minutes;
    }
}
