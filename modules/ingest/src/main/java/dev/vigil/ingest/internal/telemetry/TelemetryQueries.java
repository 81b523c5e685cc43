package dev.vigil.ingest.internal.telemetry;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Reads one app's telemetry: series of any canonical signals per minute, hour or day (summed over
 * versions, or per version), release health per version, and raw events. The app is always part
 * of the query; the resource decides which app a caller may name.
 */
@ApplicationScoped
public class TelemetryQueries {

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    /** Buckets of a series, in minutes. */
    public enum Step {
        MINUTE(1, 2 * 24 * 60), HOUR(60, 62 * 24 * 60), DAY(24 * 60, 400 * 24 * 60);

        final int minutes;
        /** The longest range a series may span at this step (points are bounded: 2,880, 1,488 and 400). */
        final long maxSpanMinutes;

        Step(int minutes, long maxSpanMinutes) {
            this.minutes = minutes;
            this.maxSpanMinutes = maxSpanMinutes;
        }
    }

    public record Point(Instant at, String version, long value, long samples) {
    }

    /** The most points a series answers (minutes of 2 days for 7 versions); a longer one is cut and says so. */
    public static final int MAX_POINTS = 20_000;

    /** One version's sessions (Sentry's release health) and sync lag in a range. */
    public record Release(String version, long sessions, long crashed, long abnormal, long errored, Double crashFreeSessions,
            long users, long crashedUsers, Double crashFreeUsers, long syncs, Double lagP50, Double lagP90, Double lagP99,
            Double freshSyncs) {
    }

    public record Event(String id, String signal, Instant at, long value, String version, String platform,
            String sessionId, String status, String attributes) {
    }

    /** Sums of the signals per bucket, oldest first; per version when {@code perVersion}, else over all versions. */
    public List<Point> series(String appId, List<String> signals, List<String> versions, boolean perVersion, Step step,
            Instant from, Instant to) throws SQLException {
        long fromMinute = Math.floorDiv(from.toEpochMilli(), 60_000L);
        long toMinute = Math.floorDiv(to.toEpochMilli() + 59_999L, 60_000L);
        String bucket = "(at_minute / " + step.minutes + ") * " + step.minutes;
        String version = perVersion ? "app_version" : "cast(null as varchar(64))";
        StringBuilder sql = new StringBuilder("select " + version + ", " + bucket + ", sum(total), sum(samples)"
                + " from ingest_telemetry_minute where app_id = ? and at_minute >= ? and at_minute < ? and signal in ("
                + String.join(", ", Collections.nCopies(signals.size(), "?")) + ")");
        if (!versions.isEmpty()) {
            sql.append(" and app_version in (").append(String.join(", ", Collections.nCopies(versions.size(), "?")))
                    .append(')');
        }
        sql.append(" group by ").append(perVersion ? "app_version, " : "").append(bucket).append(" order by ")
                .append(bucket).append(perVersion ? ", app_version" : "");
        List<Point> points = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql.toString())) {
            int p = 1;
            q.setString(p++, appId);
            q.setLong(p++, fromMinute);
            q.setLong(p++, toMinute);
            for (String signal : signals) {
                q.setString(p++, signal);
            }
            for (String v : versions) {
                q.setString(p++, v);
            }
            q.setMaxRows(MAX_POINTS);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    points.add(new Point(Instant.ofEpochMilli(rs.getLong(2) * 60_000L), rs.getString(1), rs.getLong(3),
                            rs.getLong(4)));
                }
            }
        }
        return points;
    }

    /** Every version with sessions or sync-lag samples in the range, by version. */
    public List<Release> releases(String appId, Instant from, Instant to, long freshMillis) throws SQLException {
        Map<String, long[]> sessions = new TreeMap<>();
        Map<String, double[]> lags = new TreeMap<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement q = c.prepareStatement("select app_version, count(*),"
                    + " sum(case when status_rank = 3 then 1 else 0 end), sum(case when status_rank = 2 then 1 else 0 end),"
                    + " sum(case when status_rank = 1 then 1 else 0 end), count(distinct user_id),"
                    + " count(distinct case when status_rank = 3 then user_id end) from ingest_session"
                    + " where app_id = ? and first_at >= ? and first_at < ?"
                    + " group by app_version")) {
                q.setString(1, appId);
                q.setLong(2, from.toEpochMilli());
                q.setLong(3, to.toEpochMilli());
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        sessions.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6), rs.getLong(7)});
                    }
                }
            }
            try (PreparedStatement q = c.prepareStatement("select app_version, count(*),"
                    + " percentile_cont(0.5) within group (order by event_value),"
                    + " percentile_cont(0.9) within group (order by event_value),"
                    + " percentile_cont(0.99) within group (order by event_value),"
                    + " sum(case when event_value <= ? then 1 else 0 end) from ingest_telemetry_event"
                    + " where app_id = ? and signal = ? and occurred_at >= ? and occurred_at < ? group by app_version")) {
                q.setLong(1, freshMillis);
                q.setString(2, appId);
                q.setString(3, TelemetryItem.SYNC_LAG);
                q.setLong(4, from.toEpochMilli());
                q.setLong(5, to.toEpochMilli());
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        lags.put(rs.getString(1), new double[] {rs.getLong(2), rs.getDouble(3), rs.getDouble(4),
                            rs.getDouble(5), rs.getLong(6)});
                    }
                }
            }
        }
        TreeMap<String, Release> releases = new TreeMap<>();
        java.util.Set<String> versions = new java.util.TreeSet<>(sessions.keySet());
        versions.addAll(lags.keySet());
        for (String version : versions) {
            long[] s = sessions.getOrDefault(version, new long[6]);
            double[] l = lags.get(version);
            releases.put(version, new Release(version, s[0], s[1], s[2], s[3], ratio(s[0] - s[1], s[0]), s[4], s[5],
                    ratio(s[4] - s[5], s[4]), l == null ? 0 : (long) l[0], l == null ? null : l[1],
                    l == null ? null : l[2], l == null ? null : l[3], l == null ? null : ratio((long) l[4], (long) l[0])));
        }
        return new ArrayList<>(releases.values());
    }

    /** Raw events, newest first; of one session when {@code sessionId} is given. */
    public List<Event> events(String appId, String sessionId, String signal, Instant from, Instant to, int limit)
            throws SQLException {
        StringBuilder sql = new StringBuilder("select event_id, signal, occurred_at, event_value, app_version, platform,"
                + " session_id, status, attributes from ingest_telemetry_event where app_id = ? and occurred_at >= ?"
                + " and occurred_at < ?");
        List<Object> args = new ArrayList<>(List.of(appId, from.toEpochMilli(), to.toEpochMilli()));
        if (sessionId != null) {
            sql.append(" and session_id = ?");
            args.add(sessionId);
        }
        if (signal != null) {
            sql.append(" and signal = ?");
            args.add(signal);
        }
        sql.append(" order by occurred_at desc, event_id desc");
        List<Event> events = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                q.setObject(i + 1, args.get(i));
            }
            q.setMaxRows(limit);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    events.add(new Event(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                            rs.getLong(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                            rs.getString(9)));
                }
            }
        }
        return events;
    }

    /** A percentage with two decimals' worth of precision, or null when there is nothing to divide. */
    static Double ratio(long good, long total) {
        return total == 0 ? null : 100.0 * good / total;
    }
}
