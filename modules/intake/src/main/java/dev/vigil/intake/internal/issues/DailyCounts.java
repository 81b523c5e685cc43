package dev.vigil.intake.internal.issues;

import dev.vigil.kernel.api.AppRows;
import dev.vigil.kernel.api.AppScope;
import dev.vigil.intake.api.IssueDigest;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.LocalDate;
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
    public List<DailyCount> daily(LocalDate day, java.time.ZoneId zone) {
        long from = day.atStartOfDay(zone).toInstant().toEpochMilli();
        long to = day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        try {
            // Every app's counts: the digest is the system's, and admins read it.
            Map<String, Long> reports = counts(AppRows.select(AppScope.EVERY_APP,
                    "select r.app_id, count(*) from intake_report r", "r")
                    .and("r.received_at >= ?", from).and("r.received_at < ?", to).append(" group by r.app_id"));
            Map<String, Long> groups = counts(AppRows.select(AppScope.EVERY_APP,
                    "select g.app_id, count(*) from intake_group g", "g")
                    .and("g.first_seen >= ?", from).and("g.first_seen < ?", to).and("g.report_count > 0")
                    .append(" group by g.app_id"));
            Map<String, Long> apps = new TreeMap<>(reports);
            groups.keySet().forEach(app -> apps.putIfAbsent(app, 0L));
            List<DailyCount> counts = new ArrayList<>();
            apps.forEach((app, n) -> counts.add(new DailyCount(app, day, n, groups.getOrDefault(app, 0L))));
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException("daily issue counts not read: " + e.getMessage(), e);
        }
    }

    private Map<String, Long> counts(AppRows query) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        for (Map.Entry<String, Long> row : query.list(dataSource, 0,
                rs -> Map.entry(rs.getString(1), rs.getLong(2)))) {
            counts.put(row.getKey(), row.getValue());
        }
        return counts;
    }
}
