package dev.vigil.ops.internal.slo;

import jakarta.json.Json;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * SLOs, their per-minute and per-hour counts, pushes and snapshots in the database, on one
 * connection of the caller's transaction. Counts are added only with the SLO's row locked
 * ({@link #lock}), so an update that finds no row may insert it without racing another server.
 */
public final class SloStore {

    /** Good and total events to add to an SLO's minute (epoch minutes). */
    public record Count(String sloId, long minute, long good, long total) {
    }

    /** An SLO and its last evaluation. */
    public record Row(Slo slo, SloState state) {
    }

    /** A snapshot of one evaluation. */
    public record Snapshot(String sloId, long minute, String status, double budgetRemaining, String burn, List<String> firing) {
    }

    private static final String COLUMNS = "id, name, owner, description, app_id, sli_kind, sli_route, sli_threshold_ms,"
            + " sli_check_id, objective, period, policy, enabled, created_at, updated_at, status, budget_remaining, burn,"
            + " firing, alerted, evaluated_minute, sync_start, synced_minute";

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(SloStore.class.getName());

    private final Connection c;

    SloStore(Connection c) {
        this.c = c;
    }

    // ---- definitions ----

    void insert(Slo slo, Long syncedMinute) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into ops_slo (" + COLUMNS + ") values"
                + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = bindDefinition(s, slo);
            s.setLong(i++, slo.createdAt());
            s.setLong(i++, slo.updatedAt());
            s.setString(i++, SloState.NEW);
            s.setNull(i++, Types.DOUBLE);
            s.setNull(i++, Types.VARCHAR);
            s.setString(i++, "");
            s.setString(i++, "");
            s.setNull(i++, Types.BIGINT);
            setLong(s, i++, syncedMinute);
            setLong(s, i, syncedMinute);
            s.executeUpdate();
        }
    }

    void update(Slo slo) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("update ops_slo set id = ?, name = ?, owner = ?, description = ?,"
                + " app_id = ?, sli_kind = ?, sli_route = ?, sli_threshold_ms = ?, sli_check_id = ?, objective = ?,"
                + " period = ?, policy = ?, enabled = ?, updated_at = ? where id = ?")) {
            int i = bindDefinition(s, slo);
            s.setLong(i++, slo.updatedAt());
            s.setString(i, slo.id());
            s.executeUpdate();
        }
    }

    private static int bindDefinition(PreparedStatement s, Slo slo) throws SQLException {
        int i = 1;
        s.setString(i++, slo.id());
        s.setString(i++, slo.name());
        s.setString(i++, slo.owner());
        s.setString(i++, slo.description());
        s.setString(i++, slo.appId());
        s.setString(i++, slo.sli().kind());
        s.setString(i++, slo.sli().route());
        if (slo.sli().thresholdMs() == null) {
            s.setNull(i++, Types.INTEGER);
        } else {
            s.setInt(i++, slo.sli().thresholdMs());
        }
        s.setString(i++, slo.sli().checkId());
        s.setBigDecimal(i++, BigDecimal.valueOf(slo.objective()));
        s.setString(i++, slo.period().text());
        s.setString(i++, slo.policy().toJson().toString());
        s.setBoolean(i++, slo.enabled());
        return i;
    }

    /** Removes the SLO with its counts, pushes and snapshots. */
    boolean delete(String id) throws SQLException {
        for (String table : List.of("ops_slo_minute", "ops_slo_hour", "ops_slo_push", "ops_slo_snapshot")) {
            try (PreparedStatement s = c.prepareStatement("delete from " + table + " where slo_id = ?")) {
                s.setString(1, id);
                s.executeUpdate();
            }
        }
        try (PreparedStatement s = c.prepareStatement("delete from ops_slo where id = ?")) {
            s.setString(1, id);
            return s.executeUpdate() == 1;
        }
    }

    Optional<Row> byId(String id) throws SQLException {
        List<Row> rows = select("where id = ?", id);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    Optional<Row> byName(String name) throws SQLException {
        List<Row> rows = select("where name = ?", name);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    List<Row> all() throws SQLException {
        return select("order by name", null);
    }

    int count() throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select count(*) from ops_slo"); ResultSet r = s.executeQuery()) {
            r.next();
            return r.getInt(1);
        }
    }

    /** Locks the SLOs' rows in id order (every writer of counts locks so), answering those that exist. */
    List<Row> lock(Collection<String> ids) throws SQLException {
        List<Row> locked = new ArrayList<>();
        for (String id : new TreeSet<>(ids)) {
            List<Row> rows = select("where id = ? for update", id);
            locked.addAll(rows);
        }
        return locked;
    }

    private List<Row> select(String where, String arg) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select " + COLUMNS + " from ops_slo " + where)) {
            if (arg != null) {
                s.setString(1, arg);
            }
            List<Row> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(row(r));
                }
            }
            return rows;
        }
    }

    private static Row row(ResultSet r) throws SQLException {
        int threshold = r.getInt("sli_threshold_ms");
        Integer thresholdMs = r.wasNull() ? null : threshold;
        Sli sli = new Sli(r.getString("sli_kind"), r.getString("sli_route"), thresholdMs, r.getString("sli_check_id"));
        BurnPolicy policy;
        try {
            policy = BurnPolicy.of(Json.createReader(new StringReader(r.getString("policy"))).readObject());
        } catch (RuntimeException e) {
            // A policy stored by a later version that this one cannot read: evaluated by the default, and said so.
            String id = r.getString("id");
            LOG.warning(() -> "SLO " + id + ": stored policy not readable, evaluated by the default: " + e);
            policy = BurnPolicy.defaults();
        }
        Slo slo = new Slo(r.getString("id"), r.getString("name"), r.getString("owner"), r.getString("description"),
                r.getString("app_id"), sli, r.getBigDecimal("objective").doubleValue(), Period.of(r.getString("period")),
                policy, r.getBoolean("enabled"), r.getLong("created_at"), r.getLong("updated_at"));
        double budget = r.getDouble("budget_remaining");
        Double budgetRemaining = r.wasNull() ? null : budget;
        long evaluated = r.getLong("evaluated_minute");
        Long evaluatedMinute = r.wasNull() ? null : evaluated;
        long start = r.getLong("sync_start");
        Long syncStart = r.wasNull() ? null : start;
        long synced = r.getLong("synced_minute");
        Long syncedMinute = r.wasNull() ? null : synced;
        return new Row(slo, new SloState(r.getString("status"), budgetRemaining, r.getString("burn"),
                SloState.keys(r.getString("firing")), SloState.keys(r.getString("alerted")), evaluatedMinute, syncStart,
                syncedMinute));
    }

    // ---- counts ----

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

    boolean checkExists(String checkId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select id from ops_check where id = ?")) {
            s.setString(1, checkId);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    /** Sets a check SLI anew from {@code minute}: nothing before it is copied. */
    void syncFrom(String sloId, long minute) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("update ops_slo set sync_start = ?, synced_minute = ? where id = ?")) {
            s.setLong(1, minute);
            s.setLong(2, minute);
            s.setString(3, sloId);
            s.executeUpdate();
        }
    }

    void synced(String sloId, long minute) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("update ops_slo set synced_minute = ? where id = ?")) {
            s.setLong(1, minute);
            s.setString(2, sloId);
            s.executeUpdate();
        }
    }

    /**
     * Good and total of every SLO over each span {@code [from, at)}: the whole hours of a span from
     * the hour rows, its ragged ends from the minute rows, in two grouped queries whatever the number
     * of SLOs or the length of the spans. Answers, per SLO, the sums in the order of {@code froms}.
     */
    Map<String, long[][]> sums(List<Long> froms, long at) throws SQLException {
        // At most 100 spans (200 sums) a query: a select list stays far below the database's limits.
        Map<String, long[][]> sums = new HashMap<>();
        for (int start = 0; start < froms.size(); start += 100) {
            List<Long> chunk = froms.subList(start, Math.min(froms.size(), start + 100));
            for (var entry : chunkSums(chunk, at).entrySet()) {
                long[][] all = sums.computeIfAbsent(entry.getKey(), k -> new long[froms.size()][2]);
                System.arraycopy(entry.getValue(), 0, all, start, chunk.size());
            }
        }
        return sums;
    }

    private Map<String, long[][]> chunkSums(List<Long> froms, long at) throws SQLException {
        long atHour = Math.floorDiv(at, 60) * 60;
        List<long[]> minuteRanges = new ArrayList<>();
        List<List<long[]>> spanMinutes = new ArrayList<>();
        List<long[]> spanHours = new ArrayList<>();
        for (long from : froms) {
            long fromHour = Math.floorDiv(from + 59, 60) * 60;
            List<long[]> ranges = new ArrayList<>();
            if (fromHour >= atHour) {
                ranges.add(new long[] {from, at});
                spanHours.add(null);
            } else {
                ranges.add(new long[] {from, fromHour});
                ranges.add(new long[] {atHour, at});
                spanHours.add(new long[] {fromHour, atHour});
            }
            ranges.removeIf(r -> r[0] >= r[1]);
            spanMinutes.add(ranges);
            minuteRanges.addAll(ranges);
        }
        Map<String, long[][]> sums = new HashMap<>();
        if (!minuteRanges.isEmpty()) {
            StringBuilder select = new StringBuilder("select slo_id");
            for (List<long[]> ranges : spanMinutes) {
                String in = ranges.isEmpty() ? "1 = 0" : String.join(" or ", ranges.stream().map(SloStore::between).toList());
                select.append(", sum(case when ").append(in).append(" then good else 0 end)");
                select.append(", sum(case when ").append(in).append(" then total else 0 end)");
            }
            select.append(" from ops_slo_minute where ")
                    .append(String.join(" or ", merged(minuteRanges).stream().map(SloStore::between).toList()))
                    .append(" group by slo_id");
            read(select.toString(), froms.size(), sums, 0);
        }
        long lowest = spanHours.stream().filter(h -> h != null).mapToLong(h -> h[0]).min().orElse(Long.MAX_VALUE);
        if (lowest != Long.MAX_VALUE) {
            StringBuilder select = new StringBuilder("select slo_id");
            for (long[] hours : spanHours) {
                String in = hours == null ? "1 = 0" : "at_hour >= " + hours[0] + " and at_hour < " + hours[1];
                select.append(", sum(case when ").append(in).append(" then good else 0 end)");
                select.append(", sum(case when ").append(in).append(" then total else 0 end)");
            }
            select.append(" from ops_slo_hour where at_hour >= ").append(lowest).append(" and at_hour < ").append(atHour)
                    .append(" group by slo_id");
            read(select.toString(), froms.size(), sums, 1);
        }
        return sums;
    }

    private static String between(long[] range) {
        return "(at_minute >= " + range[0] + " and at_minute < " + range[1] + ")";
    }

    /** Overlapping or touching ranges joined, so the scan's condition stays short. */
    private static List<long[]> merged(List<long[]> ranges) {
        TreeMap<Long, Long> byStart = new TreeMap<>();
        for (long[] range : ranges) {
            byStart.merge(range[0], range[1], Math::max);
        }
        List<long[]> merged = new ArrayList<>();
        for (var entry : byStart.entrySet()) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && entry.getKey() <= last[1]) {
                last[1] = Math.max(last[1], entry.getValue());
            } else {
                merged.add(new long[] {entry.getKey(), entry.getValue()});
            }
        }
        return merged;
    }

    private void read(String sql, int spans, Map<String, long[][]> into, int pass) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                long[][] sums = into.computeIfAbsent(r.getString(1), k -> new long[spans][2]);
                for (int i = 0; i < spans; i++) {
                    sums[i][0] += r.getLong(2 + 2 * i);
                    sums[i][1] += r.getLong(3 + 2 * i);
                }
            }
        }
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

    // ---- evaluations ----

    /** Takes minute {@code at} for this server's cycle; false when another cycle already took it (or a later one). */
    boolean claimCycle(long at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("update ops_slo_cycle set last_minute = ? where name = 'slo'"
                + " and last_minute < ?")) {
            s.setLong(1, at);
            s.setLong(2, at);
            return s.executeUpdate() == 1;
        }
    }

    /** Marks the default SLOs installed; false when they were already (the marker row exists). */
    boolean markDefaults(long minute) throws SQLException {
        // Servers starting at once take turns on the cycle's row; the second then sees the first's marker.
        try (PreparedStatement s = c.prepareStatement("select name from ops_slo_cycle where name = 'slo' for update")) {
            s.executeQuery().close();
        }
        try (PreparedStatement s = c.prepareStatement("select name from ops_slo_cycle where name = 'defaults'");
                ResultSet r = s.executeQuery()) {
            if (r.next()) {
                return false;
            }
        }
        try (PreparedStatement s = c.prepareStatement("insert into ops_slo_cycle (name, last_minute) values ('defaults', ?)")) {
            s.setLong(1, minute);
            s.executeUpdate();
            return true;
        }
    }

    void evaluated(List<Snapshot> unsorted) throws SQLException {
        // Rows written in id order, as every writer locks them.
        List<Snapshot> snapshots = unsorted.stream().sorted(java.util.Comparator.comparing(Snapshot::sloId)).toList();
        try (PreparedStatement state = c.prepareStatement("update ops_slo set status = ?, budget_remaining = ?, burn = ?,"
                + " firing = ?, evaluated_minute = ? where id = ?");
                PreparedStatement snapshot = c.prepareStatement("insert into ops_slo_snapshot (slo_id, at_minute, status,"
                        + " budget_remaining, burn, firing) values (?, ?, ?, ?, ?, ?)")) {
            for (Snapshot s : snapshots) {
                state.setString(1, s.status());
                state.setDouble(2, s.budgetRemaining());
                state.setString(3, s.burn());
                state.setString(4, SloState.text(s.firing()));
                state.setLong(5, s.minute());
                state.setString(6, s.sloId());
                state.addBatch();
                snapshot.setString(1, s.sloId());
                snapshot.setLong(2, s.minute());
                snapshot.setString(3, s.status());
                snapshot.setDouble(4, s.budgetRemaining());
                snapshot.setString(5, s.burn());
                snapshot.setString(6, SloState.text(s.firing()));
                snapshot.addBatch();
            }
            state.executeBatch();
            snapshot.executeBatch();
        }
    }

    /** Stores the keys alerting holds for an SLO; with {@code onlyEnabled}, false when it is gone or disabled. */
    boolean alerted(String sloId, List<String> keys, boolean onlyEnabled) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("update ops_slo set alerted = ? where id = ?"
                + (onlyEnabled ? " and enabled = ?" : ""))) {
            s.setString(1, SloState.text(keys));
            s.setString(2, sloId);
            if (onlyEnabled) {
                s.setBoolean(3, true);
            }
            return s.executeUpdate() == 1;
        }
    }

    /** An SLO's snapshots from minute {@code from}, oldest first, at most {@code limit}. */
    List<Snapshot> snapshots(String sloId, long from, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select at_minute, status, budget_remaining, burn, firing"
                + " from ops_slo_snapshot where slo_id = ? and at_minute >= ? order by at_minute fetch first " + limit
                + " rows only")) {
            s.setString(1, sloId);
            s.setLong(2, from);
            List<Snapshot> snapshots = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    snapshots.add(new Snapshot(sloId, r.getLong(1), r.getString(2), r.getDouble(3), r.getString(4),
                            SloState.keys(r.getString(5))));
                }
            }
            return snapshots;
        }
    }

    /**
     * Removes counts and pushes before {@code dataBefore} and snapshots before {@code snapshotsBefore},
     * at most a day of each table's oldest rows per call (the caller repeats, each call its own transaction).
     */
    int purge(long dataBefore, long snapshotsBefore) throws SQLException {
        int removed = 0;
        removed += delete("ops_slo_minute", "at_minute", dataBefore);
        removed += delete("ops_slo_hour", "at_hour", dataBefore);
        removed += delete("ops_slo_push", "at_minute", dataBefore);
        removed += delete("ops_slo_snapshot", "at_minute", snapshotsBefore);
        return removed;
    }

    private int delete(String table, String column, long before) throws SQLException {
        long oldest;
        try (PreparedStatement s = c.prepareStatement("select min(" + column + ") from " + table);
                ResultSet r = s.executeQuery()) {
            r.next();
            oldest = r.getLong(1);
            if (r.wasNull() || oldest >= before) {
                return 0;
            }
        }
        try (PreparedStatement s = c.prepareStatement("delete from " + table + " where " + column + " < ?")) {
            s.setLong(1, Math.min(before, oldest + 1440));
            return s.executeUpdate();
        }
    }

    private static void setLong(PreparedStatement s, int i, Long value) throws SQLException {
        if (value == null) {
            s.setNull(i, Types.BIGINT);
        } else {
            s.setLong(i, value);
        }
    }
}
