package dev.vigil.ops.internal.checks;

import dev.vigil.kernel.api.Ids;
import dev.vigil.kernel.api.SqlParameters;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A check's history in the database: its pings, flips and per-minute counts, on one connection of
 * the caller's transaction. Writers hold the check's row locked ({@link CheckStore#lock}), so pings of
 * one check and the watch take turns; pings and flips are kept bounded per check ({@link #prune}).
 */
final class CheckHistory {

    /** A stored ping. */
    record Ping(long n, Instant at, String kind, Integer exitStatus, String method, String scheme, String remoteAddr,
            String userAgent, String body, long bodyBytes, String rid, Long durationMs) {
    }

    /** A ping to store for a check. */
    record NewPing(String checkId, Ping ping) {
    }

    /** Good and total events to add to a check's minute (epoch minutes). */
    record Count(String checkId, long minute, int good, int total) {
    }

    /** Flips kept per check, newest first. */
    static final int KEEP_FLIPS = 1000;

    /** Rows in one multi-row insert (13 parameters each, well within every driver's limit). */
    static final int ROWS_PER_INSERT = 100;

    private final Connection c;

    CheckHistory(Connection connection) {
        this.c = connection;
    }

    void ping(String checkId, Ping ping) throws SQLException {
        pings(List.of(new NewPing(checkId, ping)));
    }

    /** Stores pings with one multi-row insert per {@value #ROWS_PER_INSERT} (one statement, not one per ping). */
    void pings(List<NewPing> pings) throws SQLException {
        for (int from = 0; from < pings.size(); from += ROWS_PER_INSERT) {
            List<NewPing> part = pings.subList(from, Math.min(pings.size(), from + ROWS_PER_INSERT));
            String values = String.join(", ", java.util.Collections.nCopies(part.size(),
                    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
            try (PreparedStatement s = c.prepareStatement("insert into ops_check_ping (check_id, n, created_at, kind,"
                    + " exit_status, method, scheme, remote_addr, user_agent, body, body_bytes, rid, duration_ms)"
                    + " values " + values)) {
                int i = 1;
                for (NewPing row : part) {
                    Ping ping = row.ping();
                    s.setString(i++, row.checkId());
                    s.setLong(i++, ping.n());
                    s.setLong(i++, ping.at().toEpochMilli());
                    s.setString(i++, ping.kind());
                    SqlParameters.setInt(s, i++, ping.exitStatus());
                    s.setString(i++, ping.method());
                    s.setString(i++, ping.scheme());
                    s.setString(i++, ping.remoteAddr());
                    s.setString(i++, ping.userAgent());
                    s.setString(i++, ping.body());
                    s.setLong(i++, ping.bodyBytes());
                    s.setString(i++, ping.rid());
                    SqlParameters.setLong(s, i++, ping.durationMs());
                }
                s.executeUpdate();
            }
        }
    }

    /** Removes a check's pings numbered {@code upTo} or lower. */
    private int prunePings(String checkId, long upTo) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("delete from ops_check_ping where check_id = ? and n <= ?")) {
            s.setString(1, checkId);
            s.setLong(2, upTo);
            return s.executeUpdate();
        }
    }

    List<Ping> pings(String checkId, int limit) throws SQLException {
        List<Ping> found = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select n, created_at, kind, exit_status, method, scheme, remote_addr,"
                + " user_agent, body, body_bytes, rid, duration_ms from ops_check_ping where check_id = ?"
                + " order by n desc fetch first " + limit + " rows only")) {
            s.setString(1, checkId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(new Ping(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3),
                            (Integer) rs.getObject(4, Integer.class), rs.getString(5), rs.getString(6), rs.getString(7),
                            rs.getString(8), rs.getString(9), rs.getLong(10), rs.getString(11),
                            rs.getObject(12, Long.class)));
                }
            }
        }
        return found;
    }

    void flip(String checkId, CheckRules.Flip flip) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into ops_check_flip (id, check_id, created_at, old_status,"
                + " new_status, reason) values (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, Ids.newId());
            s.setString(2, checkId);
            s.setLong(3, flip.at().toEpochMilli());
            s.setString(4, flip.from());
            s.setString(5, flip.to());
            s.setString(6, flip.reason());
            s.executeUpdate();
        }
    }

    /**
     * Keeps a check's pings and flips bounded as its ping count goes from {@code from} to {@code to}:
     * every 20th ping past {@code keepPings} removes the oldest pings, every 100th the flips past the
     * newest {@link #KEEP_FLIPS} (a check flapping on every ping would grow them without end).
     */
    void prune(String checkId, long from, long to, long keepPings) throws SQLException {
        if (to > keepPings && to / 20 > from / 20) {
            prunePings(checkId, to - keepPings);
        }
        if (to / 100 > from / 100) {
            pruneFlips(checkId, KEEP_FLIPS);
        }
    }

    /** Removes a check's flips but the newest {@code keep} (a check flapping on every ping would grow them without end). */
    private int pruneFlips(String checkId, int keep) throws SQLException {
        Long oldestKept = null;
        try (PreparedStatement s = c.prepareStatement("select created_at from ops_check_flip where check_id = ?"
                + " order by created_at desc offset " + (keep - 1) + " rows fetch next 1 rows only")) {
            s.setString(1, checkId);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    oldestKept = rs.getLong(1);
                }
            }
        }
        if (oldestKept == null) {
            return 0;
        }
        try (PreparedStatement s = c.prepareStatement("delete from ops_check_flip where check_id = ? and created_at < ?")) {
            s.setString(1, checkId);
            s.setLong(2, oldestKept);
            return s.executeUpdate();
        }
    }

    List<CheckRules.Flip> flips(String checkId, Instant since, int limit) throws SQLException {
        List<CheckRules.Flip> found = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select old_status, new_status, reason, created_at from ops_check_flip"
                + " where check_id = ? and created_at >= ? order by created_at desc fetch first " + limit + " rows only")) {
            s.setString(1, checkId);
            s.setLong(2, since.toEpochMilli());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(new CheckRules.Flip(rs.getString(1), rs.getString(2), rs.getString(3),
                            Instant.ofEpochMilli(rs.getLong(4))));
                }
            }
        }
        return found;
    }

    /** Adds to the check's counts of the minute; the check's row is locked, so no one else adds at once. */
    void count(String checkId, long minute, int good, int total) throws SQLException {
        countAll(List.of(new Count(checkId, minute, good, total)));
    }

    /** {@link #count} for many checks (each once) in two batches: the updates, then the minutes not there yet. */
    void countAll(List<Count> counts) throws SQLException {
        int[] updated;
        try (PreparedStatement update = c.prepareStatement("update ops_check_minute set good = good + ?, total = total + ?"
                + " where check_id = ? and at_minute = ?")) {
            for (Count count : counts) {
                update.setInt(1, count.good());
                update.setInt(2, count.total());
                update.setString(3, count.checkId());
                update.setLong(4, count.minute());
                update.addBatch();
            }
            updated = update.executeBatch();
        }
        List<Count> missing = new ArrayList<>();
        for (int i = 0; i < counts.size(); i++) {
            // A driver that cannot tell (SUCCESS_NO_INFO) is taken at its word that the row was there.
            if (updated[i] == 0) {
                missing.add(counts.get(i));
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement(
                "insert into ops_check_minute (check_id, at_minute, good, total) values (?, ?, ?, ?)")) {
            for (Count count : missing) {
                insert.setString(1, count.checkId());
                insert.setLong(2, count.minute());
                insert.setInt(3, count.good());
                insert.setInt(4, count.total());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Per-minute good/total of a check from {@code fromMinute} (epoch minutes), oldest first. */
    List<long[]> minutes(String checkId, long fromMinute, int limit) throws SQLException {
        List<long[]> found = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select at_minute, good, total from ops_check_minute where check_id = ?"
                + " and at_minute >= ? order by at_minute fetch first " + limit + " rows only")) {
            s.setString(1, checkId);
            s.setLong(2, fromMinute);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)});
                }
            }
        }
        return found;
    }

    /** Removes flips and minute counts older than {@code cutoff}; the retention job's work. */
    int purge(Instant cutoff) throws SQLException {
        int removed;
        try (PreparedStatement s = c.prepareStatement("delete from ops_check_flip where created_at < ?")) {
            s.setLong(1, cutoff.toEpochMilli());
            removed = s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("delete from ops_check_minute where at_minute < ?")) {
            s.setLong(1, cutoff.getEpochSecond() / 60);
            removed += s.executeUpdate();
        }
        return removed;
    }
}
