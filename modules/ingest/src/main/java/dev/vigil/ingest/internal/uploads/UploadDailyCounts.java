package dev.vigil.ingest.internal.uploads;

import dev.vigil.ingest.api.UploadDigest;
import dev.vigil.kernel.api.VigilException;
import dev.vigil.kernel.api.ErrorCode;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/** The digest's upload numbers, counted from both tables for the day's span in the zone asked. */
@ApplicationScoped
public class UploadDailyCounts implements UploadDigest {

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Override
    public List<DailyCount> daily(LocalDate day, ZoneId zone) {
        long from = day.atStartOfDay(zone).toInstant().toEpochMilli();
        long to = day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        Map<List<String>, long[]> counts = new TreeMap<>((a, b) -> a.get(0).equals(b.get(0))
                ? a.get(1).compareTo(b.get(1)) : a.get(0).compareTo(b.get(0)));
        try (Connection c = dataSource.getConnection()) {
            count(c, "ingest_upload", from, to, counts, 0);
            count(c, "ingest_failed_upload", from, to, counts, 1);
        } catch (SQLException e) {
            throw new VigilException(ErrorCode.DEPENDENCY_UNAVAILABLE, "Upload counts cannot be read now", e);
        }
        List<DailyCount> daily = new ArrayList<>();
        counts.forEach((key, n) -> daily.add(new DailyCount(key.get(0), key.get(1), n[0], n[1])));
        return daily;
    }

    private static void count(Connection c, String table, long from, long to, Map<List<String>, long[]> counts,
            int slot) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("select app_id, kind, count(*) from " + table
                + " where received_at >= ? and received_at < ? group by app_id, kind")) {
            q.setLong(1, from);
            q.setLong(2, to);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    counts.computeIfAbsent(List.of(rs.getString(1), rs.getString(2)), k -> new long[2])[slot] = rs.getLong(3);
                }
            }
        }
    }
}
