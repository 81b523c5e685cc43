package dev.vigil.ingest.internal.triggers;

import dev.vigil.ingest.internal.telemetry.SignalAliases;
import dev.vigil.kernel.api.Upsert;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@code ingest_rollback_trigger} (definitions, seeded with seed 001's and 002's triggers) and
 * {@code ingest_trigger_state} (which trigger fires for which app version since when), and the
 * telemetry a trigger reads, from the per-minute sums and the sessions.
 */
@ApplicationScoped
public class RollbackTriggers {

    private static final String COLUMNS = "name, app_id, expression, description, runbook, severity, enabled, updated_at,"
            + " updated_by";

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Inject
    SignalAliases aliases;

    /** A trigger's state for one app version. */
    public record State(String trigger, String appId, String version, boolean firing, Instant since, String error) {
    }

    public List<TriggerDefinition> all() throws SQLException {
        return definitions("select " + COLUMNS + " from ingest_rollback_trigger order by name");
    }

    public Optional<TriggerDefinition> find(String name) throws SQLException {
        return definitions("select " + COLUMNS + " from ingest_rollback_trigger where name = ?", name).stream().findFirst();
    }

    /** Creates or replaces; true when new. */
    public boolean put(TriggerDefinition trigger) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return Upsert.updateElseInsert(c, "update ingest_rollback_trigger set app_id = ?, expression = ?,"
                    + " description = ?, runbook = ?, severity = ?, enabled = ?, updated_at = ?, updated_by = ? where name = ?",
                    "insert into ingest_rollback_trigger (app_id, expression, description, runbook, severity, enabled,"
                    + " updated_at, updated_by, name) values (?, ?, ?, ?, ?, ?, ?, ?, ?)", s -> bind(s, trigger));
        }
    }

    /** Deletes the definition; its states stay for the watch, which resolves their alerts at its next run. */
    public boolean delete(String name) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement delete = c.prepareStatement("delete from ingest_rollback_trigger where name = ?")) {
            delete.setString(1, name);
            return delete.executeUpdate() == 1;
        }
    }

    /** Every state row, or those of one app. */
    public List<State> states(String appId) throws SQLException {
        String sql = "select trigger_name, app_id, app_version, firing, since, error from ingest_trigger_state"
                + (appId == null ? "" : " where app_id = ?") + " order by app_id, app_version, trigger_name";
        List<State> states = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            if (appId != null) {
                q.setString(1, appId);
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    states.add(new State(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4) == 1,
                            Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6)));
                }
            }
        }
        return states;
    }

    public long firingCount() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("select count(*) from ingest_trigger_state where firing = 1");
             ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Writes a state (the watch writes only changes); a state that neither fires nor failed is removed. */
    public void save(State state) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement delete = c.prepareStatement("delete from ingest_trigger_state where trigger_name = ?"
                    + " and app_id = ? and app_version = ?")) {
                delete.setString(1, state.trigger());
                delete.setString(2, state.appId());
                delete.setString(3, state.version());
                delete.executeUpdate();
            }
            if (!state.firing() && state.error() == null) {
                return;
            }
            try (PreparedStatement insert = c.prepareStatement("insert into ingest_trigger_state (trigger_name, app_id,"
                    + " app_version, firing, since, error) values (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, state.trigger());
                insert.setString(2, state.appId());
                insert.setString(3, state.version());
                insert.setInt(4, state.firing() ? 1 : 0);
                insert.setLong(5, state.since().toEpochMilli());
                insert.setString(6, state.error());
                insert.executeUpdate();
            }
        }
    }

    /** The most versions of one app the watch evaluates: those that reported last. */
    static final int VERSIONS_PER_APP = 20;

    /**
     * App versions with telemetry in the minutes since {@code since}, at most {@link #VERSIONS_PER_APP}
     * per app (those that reported last): what the watch evaluates. An app cannot make the watch's
     * minute longer by sending many versions.
     */
    public List<String[]> activeVersions(Instant since) throws SQLException {
        List<String[]> versions = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("select app_id, app_version, max(at_minute) from ingest_telemetry_minute"
                     + " where at_minute >= ? group by app_id, app_version order by app_id, 3 desc, app_version")) {
            q.setLong(1, Math.floorDiv(since.toEpochMilli(), 60_000L));
            try (ResultSet rs = q.executeQuery()) {
                String app = null;
                int ofApp = 0;
                while (rs.next()) {
                    ofApp = rs.getString(1).equals(app) ? ofApp + 1 : 1;
                    app = rs.getString(1);
                    if (ofApp <= VERSIONS_PER_APP) {
                        versions.add(new String[] {app, rs.getString(2)});
                    }
                }
            }
        }
        return versions;
    }

    /** The alias map as the watch reads it once a run: alias to its sources. */
    public Map<String, List<String>> aliasMap() throws SQLException {
        Map<String, List<String>> map = new HashMap<>();
        aliases.all().forEach(alias -> map.put(alias.alias(), alias.sources()));
        return map;
    }

    /**
     * The telemetry of one app version as a trigger reads it at {@code now}: whole minutes before
     * now's minute; each (signal, window) read once per evaluation.
     */
    public TriggerSignals signals(String appId, String version, Instant now, Map<String, List<String>> aliasMap) {
        long nowMinute = Math.floorDiv(now.toEpochMilli(), 60_000L);
        Map<String, Long> sums = new HashMap<>();
        Map<Duration, long[]> sessions = new HashMap<>();
        return new TriggerSignals() {
            @Override
            public long increase(String signal, Duration window) {
                return sums.computeIfAbsent(signal + "@" + window, k -> sum(signal, nowMinute - window.toMinutes(), nowMinute));
            }

            @Override
            public long total(String signal) {
                return sums.computeIfAbsent(signal + "@all", k -> sum(signal, Long.MIN_VALUE / 2, nowMinute));
            }

            @Override
            public long[] sessions(Duration window) {
                return sessions.computeIfAbsent(window, w -> sessionCounts((nowMinute - w.toMinutes()) * 60_000L,
                        nowMinute * 60_000L));
            }

            private long sum(String signal, long fromMinute, long toMinute) {
                try (Connection c = dataSource.getConnection()) {
                    List<String> sources = aliasMap.getOrDefault(signal, List.of(signal));
                    try (PreparedStatement q = c.prepareStatement("select coalesce(sum(total), 0) from ingest_telemetry_minute"
                            + " where app_id = ? and signal in (" + String.join(", ", Collections.nCopies(sources.size(), "?"))
                            + ") and app_version = ? and at_minute >= ? and at_minute < ?")) {
                        int p = 1;
                        q.setString(p++, appId);
                        for (String source : sources) {
                            q.setString(p++, source);
                        }
                        q.setString(p++, version);
                        q.setLong(p++, fromMinute);
                        q.setLong(p, toMinute);
                        try (ResultSet rs = q.executeQuery()) {
                            rs.next();
                            return rs.getLong(1);
                        }
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException("telemetry cannot be read: " + e.getMessage(), e);
                }
            }

            private long[] sessionCounts(long from, long to) {
                try (Connection c = dataSource.getConnection();
                     PreparedStatement q = c.prepareStatement("select count(*), coalesce(sum(case when status_rank = 3"
                             + " then 1 else 0 end), 0) from ingest_session where app_id = ? and app_version = ?"
                             + " and first_at >= ? and first_at < ?")) {
                    q.setString(1, appId);
                    q.setString(2, version);
                    q.setLong(3, from);
                    q.setLong(4, to);
                    try (ResultSet rs = q.executeQuery()) {
                        rs.next();
                        return new long[] {rs.getLong(1), rs.getLong(2)};
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException("sessions cannot be read: " + e.getMessage(), e);
                }
            }
        };
    }

    private static void bind(PreparedStatement statement, TriggerDefinition trigger) throws SQLException {
        statement.setString(1, trigger.appId());
        statement.setString(2, trigger.expression());
        statement.setString(3, trigger.description());
        statement.setString(4, trigger.runbook());
        statement.setString(5, trigger.severity());
        statement.setInt(6, trigger.enabled() ? 1 : 0);
        statement.setLong(7, trigger.updatedAt().toEpochMilli());
        statement.setString(8, trigger.updatedBy());
        statement.setString(9, trigger.name());
    }

    private List<TriggerDefinition> definitions(String sql, Object... args) throws SQLException {
        List<TriggerDefinition> triggers = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                q.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    triggers.add(new TriggerDefinition(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getInt(7) == 1, Instant.ofEpochMilli(rs.getLong(8)),
                            rs.getString(9)));
                }
            }
        }
        return triggers;
    }
}
