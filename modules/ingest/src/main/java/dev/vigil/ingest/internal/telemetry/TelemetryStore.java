package dev.vigil.ingest.internal.telemetry;

import dev.vigil.kernel.api.SqlParameters;
import dev.vigil.kernel.api.Transactional;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Stores a batch in one transaction: the events whose id the app has not sent before (raw, in
 * {@code ingest_telemetry_event}, whose key is the app and the event id), then only those into the
 * per-minute sums ({@code ingest_telemetry_minute}) and the sessions ({@code ingest_session}). A
 * repeated id, in the batch or from any server, is a duplicate and adds nothing: on PostgreSQL the
 * insert waits for a concurrent transaction holding the same id and skips it once that commits.
 * Sums and sessions are written in key order, so two batches never wait on each other in a cycle.
 */
@ApplicationScoped
public class TelemetryStore {

    /** Rows per multi-row statement on PostgreSQL (13 parameters each, well under its 65,535). */
    private static final int CHUNK = 500;

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    /** What a batch added: events new to Vigil, and events it had already. */
    public record Receipt(int accepted, int duplicates) {
    }

    private record MinuteKey(String version, String signal, long minute) {
    }

    private record SessionRow(String sessionId, String version, String userId, Long startedAt, Long endedAt,
            int statusRank) {
    }

    private volatile Boolean postgres;

    /**
     * Whether batches must be stored one at a time: on H2 (one server, embedded) two transactions
     * inserting the same new key may fail instead of waiting, so the caller stores one batch at a
     * time, commit included. PostgreSQL waits and skips, and takes batches side by side.
     */
    public boolean oneWriterAtATime() throws SQLException {
        Boolean known = postgres;
        if (known == null) {
            try (Connection c = dataSource.getConnection()) {
                known = isPostgres(c);
            }
            postgres = known;
        }
        return !known;
    }

    @Transactional(Transactional.Type.REQUIRES_NEW)
    public Receipt store(String appId, List<TelemetryItem> items, long receivedAt) throws SQLException {
        // By id: two batches sharing ids insert them in the same order, so they never wait on each other in a cycle.
        Map<String, TelemetryItem> unique = new TreeMap<>();
        for (TelemetryItem item : items) {
            unique.putIfAbsent(item.eventId(), item);
        }
        try (Connection c = dataSource.getConnection()) {
            boolean postgres = isPostgres(c);
            List<TelemetryItem> fresh = postgres ? insertPostgres(c, appId, unique, receivedAt)
                    : insertOneByOne(c, appId, unique.values(), receivedAt);
            addToMinutes(c, postgres, appId, fresh);
            addToSessions(c, postgres, appId, fresh);
            return new Receipt(fresh.size(), items.size() - fresh.size());
        }
    }

    static boolean isPostgres(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
    }

    private static final String EVENT_COLUMNS = "app_id, event_id, signal, app_version, platform, session_id, user_id,"
            + " occurred_at, event_value, status, attributes, received_at";

    private List<TelemetryItem> insertPostgres(Connection c, String appId, Map<String, TelemetryItem> unique,
            long receivedAt) throws SQLException {
        List<TelemetryItem> all = new ArrayList<>(unique.values());
        Set<String> inserted = new HashSet<>();
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<TelemetryItem> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            StringBuilder sql = new StringBuilder("insert into ingest_telemetry_event (" + EVENT_COLUMNS + ") values ");
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            }
            sql.append(" on conflict (app_id, event_id) do nothing returning event_id");
            try (PreparedStatement insert = c.prepareStatement(sql.toString())) {
                int p = 1;
                for (TelemetryItem item : chunk) {
                    p = bindEvent(insert, p, appId, item, receivedAt);
                }
                try (ResultSet rs = insert.executeQuery()) {
                    while (rs.next()) {
                        inserted.add(rs.getString(1));
                    }
                }
            }
        }
        return all.stream().filter(item -> inserted.contains(item.eventId())).toList();
    }

    /** H2: one insert each; a repeated id fails alone (H2 rolls back the statement, not the transaction). */
    private List<TelemetryItem> insertOneByOne(Connection c, String appId, java.util.Collection<TelemetryItem> items,
            long receivedAt) throws SQLException {
        List<TelemetryItem> fresh = new ArrayList<>();
        try (PreparedStatement insert = c.prepareStatement("insert into ingest_telemetry_event (" + EVENT_COLUMNS
                + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (TelemetryItem item : items) {
                bindEvent(insert, 1, appId, item, receivedAt);
                try {
                    insert.executeUpdate();
                    fresh.add(item);
                } catch (SQLException e) {
                    if (!"23505".equals(e.getSQLState())) {
                        throw e;
                    }
                }
            }
        }
        return fresh;
    }

    private static int bindEvent(PreparedStatement insert, int p, String appId, TelemetryItem item, long receivedAt)
            throws SQLException {
        insert.setString(p++, appId);
        insert.setString(p++, item.eventId());
        insert.setString(p++, item.signal());
        insert.setString(p++, item.appVersion());
        insert.setString(p++, item.platform());
        insert.setString(p++, item.sessionId());
        insert.setString(p++, item.userId());
        insert.setLong(p++, item.at());
        insert.setLong(p++, item.value());
        insert.setString(p++, item.status());
        insert.setString(p++, item.attributes());
        insert.setLong(p++, receivedAt);
        return p;
    }

    private void addToMinutes(Connection c, boolean postgres, String appId, List<TelemetryItem> fresh)
            throws SQLException {
        Map<MinuteKey, long[]> sums = new TreeMap<>(Comparator.comparing(MinuteKey::version)
                .thenComparing(MinuteKey::signal).thenComparingLong(MinuteKey::minute));
        for (TelemetryItem item : fresh) {
            long[] sum = sums.computeIfAbsent(new MinuteKey(item.appVersion(), item.signal(), item.minute()),
                    k -> new long[2]);
            sum[0] += item.value();
            sum[1]++;
        }
        if (sums.isEmpty()) {
            return;
        }
        List<Map.Entry<MinuteKey, long[]>> rows = new ArrayList<>(sums.entrySet());
        if (postgres) {
            for (int from = 0; from < rows.size(); from += CHUNK) {
                List<Map.Entry<MinuteKey, long[]>> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
                StringBuilder sql = new StringBuilder("insert into ingest_telemetry_minute (app_id, app_version, signal,"
                        + " at_minute, total, samples) values ");
                for (int i = 0; i < chunk.size(); i++) {
                    sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?)");
                }
                sql.append(" on conflict (app_id, app_version, signal, at_minute) do update set"
                        + " total = ingest_telemetry_minute.total + excluded.total,"
                        + " samples = ingest_telemetry_minute.samples + excluded.samples");
                try (PreparedStatement upsert = c.prepareStatement(sql.toString())) {
                    int p = 1;
                    for (Map.Entry<MinuteKey, long[]> row : chunk) {
                        p = bindMinute(upsert, p, appId, row);
                    }
                    upsert.executeUpdate();
                }
            }
            return;
        }
        try (PreparedStatement merge = c.prepareStatement("merge into ingest_telemetry_minute t using (values"
                + " (cast(? as varchar(36)), cast(? as varchar(64)), cast(? as varchar(100)), cast(? as bigint),"
                + " cast(? as bigint), cast(? as bigint))) s(app_id, app_version, signal, at_minute, total, samples)"
                + " on t.app_id = s.app_id and t.app_version = s.app_version and t.signal = s.signal"
                + " and t.at_minute = s.at_minute"
                + " when matched then update set total = t.total + s.total, samples = t.samples + s.samples"
                + " when not matched then insert (app_id, app_version, signal, at_minute, total, samples)"
                + " values (s.app_id, s.app_version, s.signal, s.at_minute, s.total, s.samples)")) {
            for (Map.Entry<MinuteKey, long[]> row : rows) {
                bindMinute(merge, 1, appId, row);
                merge.addBatch();
            }
            merge.executeBatch();
        }
    }

    private static int bindMinute(PreparedStatement statement, int p, String appId, Map.Entry<MinuteKey, long[]> row)
            throws SQLException {
        statement.setString(p++, appId);
        statement.setString(p++, row.getKey().version());
        statement.setString(p++, row.getKey().signal());
        statement.setLong(p++, row.getKey().minute());
        statement.setLong(p++, row.getValue()[0]);
        statement.setLong(p++, row.getValue()[1]);
        return p;
    }

    /**
     * Each session's first start, last end and worst status; its version and user as first seen;
     * {@code first_at}, the earliest time it is known by (its start, or its end until the start comes),
     * is what ranges and indexes read.
     */
    private void addToSessions(Connection c, boolean postgres, String appId, List<TelemetryItem> fresh)
            throws SQLException {
        Map<String, SessionRow> sessions = new TreeMap<>();
        for (TelemetryItem item : fresh) {
            if (!item.isSession()) {
                continue;
            }
            boolean start = item.signal().equals(TelemetryItem.SESSION_START);
            SessionRow row = new SessionRow(item.sessionId(), item.appVersion(), item.userId(),
                    start ? item.at() : null, start ? null : item.at(), rank(item.status()));
            sessions.merge(item.sessionId(), row, TelemetryStore::worse);
        }
        if (sessions.isEmpty()) {
            return;
        }
        String sql = postgres
                ? "insert into ingest_session (app_id, session_id, app_version, user_id, started_at, ended_at,"
                        + " status_rank, first_at) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (app_id, session_id) do update set"
                        + " started_at = least(ingest_session.started_at, excluded.started_at),"
                        + " first_at = least(ingest_session.first_at, excluded.first_at),"
                        + " ended_at = greatest(ingest_session.ended_at, excluded.ended_at),"
                        + " status_rank = greatest(ingest_session.status_rank, excluded.status_rank),"
                        + " user_id = coalesce(ingest_session.user_id, excluded.user_id)"
                : "merge into ingest_session t using (values (cast(? as varchar(36)), cast(? as varchar(100)),"
                        + " cast(? as varchar(64)), cast(? as varchar(100)), cast(? as bigint), cast(? as bigint),"
                        + " cast(? as int), cast(? as bigint))) s(app_id, session_id, app_version, user_id, started_at,"
                        + " ended_at, status_rank, first_at) on t.app_id = s.app_id and t.session_id = s.session_id"
                        + " when matched then update set started_at = least(t.started_at, s.started_at),"
                        + " first_at = least(t.first_at, s.first_at), ended_at = greatest(t.ended_at, s.ended_at),"
                        + " status_rank = greatest(t.status_rank, s.status_rank),"
                        + " user_id = coalesce(t.user_id, s.user_id)"
                        + " when not matched then insert (app_id, session_id, app_version, user_id, started_at, ended_at,"
                        + " status_rank, first_at) values (s.app_id, s.session_id, s.app_version, s.user_id, s.started_at,"
                        + " s.ended_at, s.status_rank, s.first_at)";
        try (PreparedStatement upsert = c.prepareStatement(sql)) {
            for (SessionRow row : sessions.values()) {
                upsert.setString(1, appId);
                upsert.setString(2, row.sessionId());
                upsert.setString(3, row.version());
                upsert.setString(4, row.userId());
                SqlParameters.setLong(upsert, 5, row.startedAt());
                SqlParameters.setLong(upsert, 6, row.endedAt());
                upsert.setInt(7, row.statusRank());
                upsert.setLong(8, row.startedAt() != null ? row.startedAt() : row.endedAt());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    private static SessionRow worse(SessionRow a, SessionRow b) {
        return new SessionRow(a.sessionId(), a.version(), a.userId() != null ? a.userId() : b.userId(),
                min(a.startedAt(), b.startedAt()), max(a.endedAt(), b.endedAt()),
                Math.max(a.statusRank(), b.statusRank()));
    }

    static int rank(String status) {
        return status == null ? 0 : TelemetryItem.Status.valueOf(status.toUpperCase(Locale.ROOT)).ordinal();
    }

    private static Long min(Long a, Long b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return Long.valueOf(Math.min(a, b));
    }

    private static Long max(Long a, Long b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return Long.valueOf(Math.max(a, b));
    }
}
