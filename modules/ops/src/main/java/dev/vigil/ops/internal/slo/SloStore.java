package dev.vigil.ops.internal.slo;

import dev.vigil.kernel.api.DatabaseFailures;
import dev.vigil.kernel.api.SqlParameters;
import dev.vigil.kernel.api.VigilException;
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
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * SLO definitions and their state rows in the database, on one connection of the caller's
 * transaction; their counts ({@link #counts}), window sums ({@link #windows}) and evaluations
 * ({@link #evaluations}) on the same connection. Every writer locks SLO rows in id order ({@link #lock}).
 */
public final class SloStore {

    /** An SLO and its last evaluation. */
    public record Row(Slo slo, SloState state) {
    }

    private static final String COLUMNS = "id, name, owner, description, app_id, sli_kind, sli_route, sli_threshold_ms,"
            + " sli_check_id, objective, period, policy, enabled, created_at, updated_at, status, budget_remaining, burn,"
            + " firing, alerted, evaluated_minute, sync_start, synced_minute";

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(SloStore.class.getName());

    private final Connection c;

    SloStore(Connection c) {
        this.c = c;
    }

    /** Work on the SLO tables over one connection. */
    interface Work<T> {
        T run(SloStore store) throws SQLException;
    }

    /**
     * Runs {@code work} on a connection of the caller's transaction: a write that meets a unique key
     * (two admins creating one name at once) is a {@code 400}, any other database failure an
     * {@link IllegalStateException}.
     */
    static <T> T on(DataSource dataSource, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(new SloStore(c));
        } catch (SQLException e) {
            if (DatabaseFailures.isBadData(e)) {
                throw VigilException.invalid("the SLO conflicts with one stored meanwhile (its name?); try again");
            }
            throw new IllegalStateException("SLO data not read or written: " + e.getMessage(), e);
        }
    }

    /** The SLOs' counts and pushes, on this store's connection. */
    SloCounts counts() {
        return new SloCounts(c);
    }

    /** Sums over the SLOs' windows, on this store's connection. */
    SloWindows windows() {
        return new SloWindows(c);
    }

    /** Cycle claims, evaluations and snapshots, on this store's connection. */
    SloEvaluations evaluations() {
        return new SloEvaluations(c);
    }

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
            SqlParameters.setLong(s, i++, syncedMinute);
            SqlParameters.setLong(s, i, syncedMinute);
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
}
