package dev.vigil.ops.internal.checks;

import dev.vigil.kernel.api.SqlParameters;
import dev.vigil.kernel.api.Upsert;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks and their ping keys in the database, on one connection of the caller's transaction; their
 * pings, flips and minute counts in {@link #history}, on the same connection. Every change to a check
 * first locks its row ({@link #lock}), so pings of one check and the watch take turns.
 */
final class CheckStore {

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(CheckStore.class.getName());

    static final String COLUMNS = "id, app_id, job, name, slug, tags, description, kind, timeout_s, schedule, tz,"
            + " grace_s, max_runtime_s, failure_threshold, manual_resume, status, down_reason, last_ping_at, last_start_at,"
            + " last_start_rid, last_duration_ms, consecutive_failures, alert_after, n_pings, created_at";

    /** A check's state to write, with the alert work a flip asks for (null: leave the mark as it is). */
    record Update(Check check, String alertPending) {
    }

    /** What the watch must still tell alerting about a check. */
    record Pending(String checkId, String what) {
    }

    private final Connection c;

    CheckStore(Connection connection) {
        this.c = connection;
    }

    /** The checks' pings, flips and minute counts, on this store's connection. */
    CheckHistory history() {
        return new CheckHistory(c);
    }

    Optional<Check> find(String id) throws SQLException {
        return one("select " + COLUMNS + " from ops_check where id = ?", id);
    }

    /** The check, its row locked until the transaction ends. */
    Optional<Check> lock(String id) throws SQLException {
        return one("select " + COLUMNS + " from ops_check where id = ? for update", id);
    }

    /**
     * The checks with these ids, their rows locked until the transaction ends; the rows are locked in
     * the order of their ids, so two batches sharing checks wait for each other and never deadlock.
     */
    java.util.Map<String, Check> lockAll(java.util.Collection<String> ids) throws SQLException {
        java.util.Map<String, Check> found = new java.util.LinkedHashMap<>(); // in id order, as locked
        if (ids.isEmpty()) {
            return found;
        }
        String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
        for (Check check : many("select " + COLUMNS + " from ops_check where id in (" + marks + ") order by id for update",
                ids.toArray())) {
            found.put(check.id(), check);
        }
        return found;
    }

    /** Up to two checks of the app with this slug: more than one makes the slug ambiguous. */
    List<Check> bySlug(String appId, String slug) throws SQLException {
        return many("select " + COLUMNS + " from ops_check where app_id = ? and slug = ? order by created_at fetch first 2 rows only",
                appId, slug);
    }

    Optional<Check> byJob(String job) throws SQLException {
        return one("select " + COLUMNS + " from ops_check where job = ?", job);
    }

    /** An app's checks, or all (a null app) including Vigil's own, by name. */
    List<Check> list(String appId, int limit) throws SQLException {
        return appId == null
                ? many("select " + COLUMNS + " from ops_check order by name, id fetch first " + limit + " rows only")
                : many("select " + COLUMNS + " from ops_check where app_id = ? order by name, id fetch first " + limit
                        + " rows only", appId);
    }

    long count(String appId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select count(*) from ops_check where app_id = ?")) {
            s.setString(1, appId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Ids of checks whose deadline has passed and that are not down, oldest deadline first. */
    List<String> due(Instant now, int limit) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select id from ops_check where alert_after <= ? and status <> 'down'"
                + " order by alert_after fetch first " + limit + " rows only")) {
            s.setLong(1, now.toEpochMilli());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    /** Checks whose flip's alert was not delivered (the server died between commit and delivery, or alerting failed). */
    List<Pending> pending(Instant before, int limit) throws SQLException {
        List<Pending> found = new ArrayList<>();
        // Marks left for a while: a fresh one is being delivered by the server that made it.
        try (PreparedStatement s = c.prepareStatement("select id, alert_pending from ops_check where alert_pending is not null"
                + " and coalesce(alert_pending_at, updated_at) < ? order by coalesce(alert_pending_at, updated_at)"
                + " fetch first " + limit + " rows only")) {
            s.setLong(1, before.toEpochMilli());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(new Pending(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return found;
    }

    /**
     * Moves marks taken for delivery to the back of the line: a mark that fails again (alerting down,
     * an app at its cap on open alerts) waits its turn behind the others, and another server's watch
     * leaves it alone meanwhile.
     */
    void taken(List<Pending> marks, long now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("update ops_check set alert_pending_at = ? where id = ?")) {
            // In id order, as pings lock rows: the two never wait on each other in a circle.
            for (Pending mark : marks.stream().sorted(java.util.Comparator.comparing(Pending::checkId)).toList()) {
                s.setLong(1, now);
                s.setString(2, mark.checkId());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    void insert(Check check, long now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into ops_check (" + COLUMNS + ", alert_pending, updated_at)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?)")) {
            s.setString(1, check.id());
            s.setString(2, check.appId());
            s.setString(3, check.job());
            s.setString(4, check.name());
            s.setString(5, check.slug());
            s.setString(6, check.tags());
            s.setString(7, check.description());
            int next = settings(s, 8, check);
            next = state(s, next, check);
            s.setLong(next++, check.createdAt().toEpochMilli());
            s.setLong(next, now);
            s.executeUpdate();
        }
    }

    /** Writes the check's settings and state; {@code alertPending} raise / resolve when a flip needs telling. */
    void update(Check check, String alertPending, long now) throws SQLException {
        updateAll(List.of(new Update(check, alertPending)), now);
    }

    /** {@link #update} for many checks in one batch. */
    void updateAll(List<Update> updates, long now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("update ops_check set name = ?, slug = ?, tags = ?, description = ?,"
                + " kind = ?, timeout_s = ?, schedule = ?, tz = ?, grace_s = ?, max_runtime_s = ?, failure_threshold = ?,"
                + " manual_resume = ?, status = ?, down_reason = ?, last_ping_at = ?, last_start_at = ?, last_start_rid = ?,"
                + " last_duration_ms = ?, consecutive_failures = ?, alert_after = ?, n_pings = ?,"
                + " alert_pending = coalesce(?, alert_pending), alert_pending_at = coalesce(?, alert_pending_at),"
                + " updated_at = ? where id = ?")) {
            for (Update update : updates) {
                Check check = update.check();
                s.setString(1, check.name());
                s.setString(2, check.slug());
                s.setString(3, check.tags());
                s.setString(4, check.description());
                int next = settings(s, 5, check);
                next = state(s, next, check);
                s.setString(next++, update.alertPending());
                SqlParameters.setLong(s, next++, update.alertPending() == null ? null : now);
                s.setLong(next++, now);
                s.setString(next, check.id());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** Clears the pending alert work once alerting has it, unless a later flip asked for something else. */
    void delivered(String checkId, String what) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "update ops_check set alert_pending = null where id = ? and alert_pending = ?")) {
            s.setString(1, checkId);
            s.setString(2, what);
            s.executeUpdate();
        }
    }

    boolean delete(String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("delete from ops_check where id = ?")) {
            s.setString(1, id);
            return s.executeUpdate() == 1;
        }
    }

    /** The app whose ping key has this SHA-256. */
    Optional<String> appOfPingKey(String keyHash) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select app_id from ops_check_ping_key where key_hash = ?")) {
            s.setString(1, keyHash);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Locks the app's ping key row: creations of checks by ping for one app take turns on it. */
    void lockPingKey(String appId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select app_id from ops_check_ping_key where app_id = ? for update")) {
            s.setString(1, appId);
            s.executeQuery().close();
        }
    }

    /** Sets (or replaces) the app's ping key. */
    void pingKey(String appId, String keyHash, long now) throws SQLException {
        Upsert.updateElseInsert(c, "update ops_check_ping_key set key_hash = ?, created_at = ? where app_id = ?",
                "insert into ops_check_ping_key (key_hash, created_at, app_id) values (?, ?, ?)", s -> {
                    s.setString(1, keyHash);
                    s.setLong(2, now);
                    s.setString(3, appId);
                });
    }

    private static int settings(PreparedStatement s, int from, Check check) throws SQLException {
        int i = from;
        CheckSchedule schedule = check.schedule();
        s.setString(i++, schedule.kind());
        if (schedule instanceof CheckSchedule.Simple simple) {
            s.setLong(i++, simple.timeout().toSeconds());
            s.setNull(i++, Types.VARCHAR);
            s.setString(i++, "UTC");
        } else {
            CheckSchedule.Cron cron = (CheckSchedule.Cron) schedule;
            s.setLong(i++, Duration.ofDays(1).toSeconds());
            s.setString(i++, cron.expression());
            s.setString(i++, cron.zone().getId());
        }
        s.setLong(i++, check.grace().toSeconds());
        SqlParameters.setLong(s, i++, check.maxRuntime() == null ? null : check.maxRuntime().toSeconds());
        s.setInt(i++, check.failureThreshold());
        s.setBoolean(i++, check.manualResume());
        return i;
    }

    private static int state(PreparedStatement s, int from, Check check) throws SQLException {
        int i = from;
        s.setString(i++, check.status());
        s.setString(i++, check.downReason());
        SqlParameters.setLong(s, i++, millis(check.lastPing()));
        SqlParameters.setLong(s, i++, millis(check.lastStart()));
        s.setString(i++, check.lastStartRid());
        SqlParameters.setLong(s, i++, check.lastDurationMs());
        s.setInt(i++, check.consecutiveFailures());
        SqlParameters.setLong(s, i++, millis(check.alertAfter()));
        s.setLong(i++, check.pings());
        return i;
    }

    private Optional<Check> one(String sql, Object... args) throws SQLException {
        List<Check> found = many(sql, args);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private List<Check> many(String sql, Object... args) throws SQLException {
        List<Check> found = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setString(i + 1, (String) args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(read(rs));
                }
            }
        }
        return found;
    }

    private static Check read(ResultSet rs) throws SQLException {
        String id = rs.getString(1);
        String kind = rs.getString(8);
        CheckSchedule schedule;
        try {
            schedule = "cron".equals(kind) ? CheckSchedule.Cron.of(rs.getString(10), rs.getString(11))
                    : new CheckSchedule.Simple(Duration.ofSeconds(rs.getLong(9)));
        } catch (IllegalArgumentException e) {
            // A stored schedule this JDK or cron-utils no longer reads (a retired zone id): the check is
            // watched by its period instead, so one row never stops the watch or a list.
            LOG.warning(() -> "Check " + id + ": schedule not readable (" + e.getMessage() + "); watched by its period");
            schedule = new CheckSchedule.Simple(Duration.ofSeconds(Math.max(60, rs.getLong(9))));
        }
        Long maxRuntime = rs.getObject(13, Long.class);
        Long duration = rs.getObject(21, Long.class);
        return new Check(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), schedule, Duration.ofSeconds(rs.getLong(12)),
                maxRuntime == null ? null : Duration.ofSeconds(maxRuntime), rs.getInt(14), rs.getBoolean(15),
                rs.getString(16), rs.getString(17), instant(rs.getObject(18, Long.class)),
                instant(rs.getObject(19, Long.class)), rs.getString(20), duration, rs.getInt(22),
                instant(rs.getObject(23, Long.class)), rs.getLong(24), Instant.ofEpochMilli(rs.getLong(25)));
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    private static Long millis(Instant at) {
        return at == null ? null : at.toEpochMilli();
    }
}
