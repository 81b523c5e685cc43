package dev.vigil.ops.internal.slo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The cycle's claim on a minute, each evaluation's state and snapshot, and the marker of the default
 * SLOs, on one connection of the caller's transaction. States are written in SLO id order, as every
 * writer locks the rows.
 */
public final class SloEvaluations {

    /** A snapshot of one evaluation. */
    public record Snapshot(String sloId, long minute, String status, double budgetRemaining, String burn, List<String> firing) {
    }

    private final Connection c;

    SloEvaluations(Connection c) {
        this.c = c;
    }

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
}
