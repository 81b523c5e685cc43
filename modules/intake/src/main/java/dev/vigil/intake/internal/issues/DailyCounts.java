package dev.vigil.intake.internal.issues;

import dev.vigil.intake.api.IssueDigest;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/** New reports and new groups per app on one UTC day, from the received / first-seen indexes. */
@ApplicationScoped
public class DailyCounts implements IssueDigest {

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Override
    public List<DailyCount> daily(LocalDate day) {
        long from = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long to = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        try {
            Map<String, Long> reports = counts("select app_id, count(*) from intake_report"
                    + " where received_at >= ? and received_at < ? group by app_id", from, to);
            Map<String, Long> groups = counts("select app_id, count(*) from intake_group"
                    + " where first_seen >= ? and first_seen < ? and report_count > 0 group by app_id", from, to);
            Map<String, Long> apps = new TreeMap<>(reports);
            groups.keySet().forEach(app -> apps.putIfAbsent(app, 0L));
            List<DailyCount> counts = new ArrayList<>();
            apps.forEach((app, n) -> counts.add(new DailyCount(app, day, n, groups.getOrDefault(app, 0L))));
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException("daily issue counts not read: " + e.getMessage(), e);
        }
    }

    private Map<String, Long> counts(String sql, long from, long to) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            q.setLong(1, from);
            q.setLong(2, to);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return counts;
    }
}
