package dev.vigil.ops.internal.slo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An SLO's good and total events per minute and per hour, and the minutes each source pushed, on one
 * connection of the caller's transaction. Counts are added only with the SLO's row locked
 * ({@link SloStore#lock}), so an update that finds no row may insert it without racing another server.
 */
public final class SloCounts {

    /** Good and total events to add to an SLO's minute (epoch minutes). */
    public record Count(String sloId, long minute, long good, long total) {
    }

    private final Connection c;

    SloCounts(Connection c) {
        this.c = c;
    }

    /** Adds to the SLOs' minutes and hours; the SLOs' rows are locked. */
    void add(List<Count> counts) throws SQLException {
        Map<List<Object>, long[]> minutes = new LinkedHashMap<>();
        Map<List<Object>, long[]> hours = new LinkedHashMap<>();
        for (Count count : counts) {
            if (count.good() == 0 && count.total() == 0) {
                continue;
            }
            merge(minutes, List.of(count.sloId(), count.minute()), count);
            merge(hours, List.of(count.sloId(), Math.floorDiv(count.minute(), 60) * 60), count);
        }
        upsert("ops_slo_minute", "at_minute", minutes);
        upsert("ops_slo_hour", "at_hour", hours);
    }

    private static void merge(Map<List<Object>, long[]> into, List<Object> key, Count count) {
        long[] sum = into.computeIfAbsent(key, k -> new long[2]);
        sum[0] += count.good();
        sum[1] += count.total();
    }

    private void upsert(String table, String column, Map<List<Object>, long[]> adds) throws SQLException {
        if (adds.isEmpty()) {
            return;
        }
        List<Map.Entry<List<Object>, long[]>> entries = new ArrayList<>(adds.entrySet());
        List<Map.Entry<List<Object>, long[]>> missing = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("update " + table + " set good = good + ?, total = total + ?"
                + " where slo_id = ? and " + column + " = ?")) {
            for (var entry : entries) {
                s.setLong(1, entry.getValue()[0]);
                s.setLong(2, entry.getValue()[1]);
                s.setString(3, (String) entry.getKey().get(0));
                s.setLong(4, (Long) entry.getKey().get(1));
                s.addBatch();
            }
            int[] updated = s.executeBatch();
            for (int i = 0; i < updated.length; i++) {
                if (updated[i] == 0) {
                    missing.add(entries.get(i));
                }
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("insert into " + table + " (slo_id, " + column
                + ", good, total) values (?, ?, ?, ?)")) {
            for (var entry : missing) {
                s.setString(1, (String) entry.getKey().get(0));
                s.setLong(2, (Long) entry.getKey().get(1));
                s.setLong(3, entry.getValue()[0]);
                s.setLong(4, entry.getValue()[1]);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** Whether a source pushed to an SLO (within the data kept): one look along the primary key. */
    boolean hasSource(String sloId, String source) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select 1 from ops_slo_push where slo_id = ? and source = ?"
                + " fetch first 1 rows only")) {
            s.setString(1, sloId);
            s.setString(2, source);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    /** How many sources pushed to an SLO (within the data kept); asked only when a new one comes. */
    int sources(String sloId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select count(distinct source) from ops_slo_push where slo_id = ?")) {
            s.setString(1, sloId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    /**
     * Records minutes a source pushed; answers what to add to the SLO's counts: for each minute, the
     * difference to what the source pushed for it before (none when it pushed the same). A minute of
     * no events never pushed before is not stored.
     */
    List<Count> push(String sloId, String source, List<SloBook.Pushed> minutes) throws SQLException {
        long low = minutes.stream().mapToLong(SloBook.Pushed::minute).min().orElse(0);
        long high = minutes.stream().mapToLong(SloBook.Pushed::minute).max().orElse(-1);
        Map<Long, long[]> before = minutes("select at_minute, good, total from ops_slo_push where slo_id = ? and source = ?"
                + " and at_minute >= ? and at_minute <= ?", sloId, source, low, high);
        List<Count> delta = new ArrayList<>();
        try (PreparedStatement update = c.prepareStatement("update ops_slo_push set good = ?, total = ?"
                + " where slo_id = ? and source = ? and at_minute = ?");
                PreparedStatement insert = c.prepareStatement("insert into ops_slo_push (slo_id, source, at_minute, good,"
                        + " total) values (?, ?, ?, ?, ?)")) {
            for (SloBook.Pushed pushed : minutes) {
                long[] had = before.get(pushed.minute());
                if (had == null && pushed.total() == 0) {
                    continue;
                }
                long[] old = had == null ? new long[2] : had;
                if (pushed.good() == old[0] && pushed.total() == old[1]) {
                    continue;
                }
                PreparedStatement s = had == null ? insert : update;
                if (had == null) {
                    s.setString(1, sloId);
                    s.setString(2, source);
                    s.setLong(3, pushed.minute());
                    s.setLong(4, pushed.good());
                    s.setLong(5, pushed.total());
                } else {
                    s.setLong(1, pushed.good());
                    s.setLong(2, pushed.total());
                    s.setString(3, sloId);
                    s.setString(4, source);
                    s.setLong(5, pushed.minute());
                }
                s.addBatch();
                delta.add(new Count(sloId, pushed.minute(), pushed.good() - old[0], pushed.total() - old[1]));
            }
            update.executeBatch();
            insert.executeBatch();
        }
        return delta;
    }

    /**
     * What to add to an SLO's minutes in {@code [from, to)} so that they equal its source's: minutes
     * the source has, and minutes the SLO has that the source no longer has (a session whose end moved
     * to a later minute leaves the earlier one).
     */
    List<Count> mirror(String sloId, List<Count> source, long from, long to) throws SQLException {
        Map<Long, long[]> mine = minutes("select at_minute, good, total from ops_slo_minute where slo_id = ?"
                + " and at_minute >= ? and at_minute < ?", sloId, from, to);
        List<Count> delta = new ArrayList<>();
        for (Count check : source) {
            long[] have = mine.remove(check.minute());
            have = have == null ? new long[2] : have;
            if (check.good() != have[0] || check.total() != have[1]) {
                delta.add(new Count(sloId, check.minute(), check.good() - have[0], check.total() - have[1]));
            }
        }
        mine.forEach((minute, have) -> {
            if (have[0] != 0 || have[1] != 0) {
                delta.add(new Count(sloId, minute, -have[0], -have[1]));
            }
        });
        return delta;
    }

    /** A check's per-minute good/total in {@code [from, to)}. */
    List<Count> checkMinutes(String sloId, String checkId, long from, long to) throws SQLException {
        return minutes("select at_minute, good, total from ops_check_minute where check_id = ? and at_minute >= ?"
                + " and at_minute < ?", checkId, from, to).entrySet().stream()
                .map(m -> new Count(sloId, m.getKey(), m.getValue()[0], m.getValue()[1])).toList();
    }

    /** An SLO's per-minute good/total over {@code [from, to)}, as two arrays (for the backtest). */
    long[][] series(String sloId, long from, long to) throws SQLException {
        long[][] series = new long[2][(int) (to - from)];
        var rows = minutes("select at_minute, good, total from ops_slo_minute where slo_id = ? and at_minute >= ?"
                + " and at_minute < ?", sloId, from, to);
        rows.forEach((minute, counts) -> {
            series[0][(int) (minute - from)] = counts[0];
            series[1][(int) (minute - from)] = counts[1];
        });
        return series;
    }

    /** Rows of (minute, good, total) a query answers, by minute. */
    private Map<Long, long[]> minutes(String sql, Object... parameters) throws SQLException {
        Map<Long, long[]> minutes = new TreeMap<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    minutes.put(r.getLong(1), new long[] {r.getLong(2), r.getLong(3)});
                }
            }
        }
        return minutes;
    }
}
