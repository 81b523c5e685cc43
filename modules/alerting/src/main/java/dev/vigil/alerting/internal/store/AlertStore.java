package dev.vigil.alerting.internal.store;

import dev.vigil.alerting.api.AlertSignal;
import dev.vigil.alerting.api.Alerts;
import dev.vigil.alerting.internal.model.GroupTimer;
import dev.vigil.alerting.internal.model.JsonMaps;
import dev.vigil.alerting.internal.model.Labels;
import dev.vigil.alerting.internal.model.RoutingTree;
import dev.vigil.kernel.api.Ids;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * An alert's life in the database, on one connection of the caller's transaction: raise, resolve,
 * acknowledge, and an acknowledgement running out. Each locks the alert's row first and then, in
 * group-key order, the rows of the groups it joins, so two servers raising one alert at once take
 * turns: the first makes it fire, the second finds it firing.
 */
public final class AlertStore {

    /** An alert's row, as the transitions need it. */
    record Row(String id, String state, long firedAt) {
    }

    /** What a change did: the outcome, and the earliest time a group it touched is due (or null). */
    public record Change(Alerts.Outcome outcome, Long due) {
    }

    private final Connection c;

    public AlertStore(Connection connection) {
        this.c = connection;
    }

    /**
     * Raises the alert: new ones fire; firing or acknowledged ones are refreshed; resolved ones fire
     * again, quietly when they last fired within the dedup window. A firing alert joins the groups of
     * the routes it matches.
     */
    public Change raise(String identity, String appId, AlertSignal signal, RoutingTree tree, Duration dedupWindow,
            long now) throws SQLException {
        return raise(identity, appId, signal, tree, dedupWindow, Integer.MAX_VALUE, now);
    }

    /** An app holds as many open alerts as it may: a new one (or a resolved one firing again) is refused. */
    public static final class CapReached extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CapReached(int cap) {
            super("This app holds " + cap + " open alerts, the most one app may (vigil.alerting.max-open-per-app);"
                    + " resolve some first");
        }
    }

    /**
     * As above, refusing an app's alert that would open when the app already holds
     * {@code maxOpenPerApp} open ones (Vigil's own alerts have no cap). A soft cap: two raises at
     * once may both pass it by one.
     *
     * @throws CapReached when the app is at its cap
     */
    public Change raise(String identity, String appId, AlertSignal signal, RoutingTree tree, Duration dedupWindow,
            int maxOpenPerApp, long now) throws SQLException {
        String labels = JsonMaps.write(signal.labels());
        String annotations = JsonMaps.write(signal.annotations());
        long startsAt = signal.at() == null ? now : Math.min(now, signal.at().toEpochMilli());
        Optional<Row> existing = lock(identity);
        if (appId != null && (existing.isEmpty() || existing.get().state().equals("resolved"))
                && openOf(appId) >= maxOpenPerApp) {
            throw new CapReached(maxOpenPerApp);
        }
        if (existing.isEmpty()) {
            String id = Ids.newId();
            try (PreparedStatement insert = c.prepareStatement("insert into alerting_alert (id, identity, dedup_key,"
                    + " app_id, source, name, severity, labels, annotations, state, starts_at, first_seen_at, last_seen_at,"
                    + " fired_at, raise_count, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'firing', ?, ?, ?, ?, 1, ?)")) {
                insert.setString(1, id);
                insert.setString(2, identity);
                insert.setString(3, signal.dedupKey());
                insert.setString(4, appId);
                insert.setString(5, signal.source());
                insert.setString(6, signal.name());
                insert.setString(7, signal.severity().value());
                insert.setString(8, labels);
                insert.setString(9, annotations);
                insert.setLong(10, startsAt);
                insert.setLong(11, now);
                insert.setLong(12, now);
                insert.setLong(13, now);
                insert.setLong(14, now);
                insert.executeUpdate();
            }
            transition(id, null, "firing", now, signal.source(), null);
            Long due = join(id, signal, tree, true, now);
            return new Change(new Alerts.Outcome(id, "firing", true), due);
        }
        Row row = existing.get();
        if (!row.state().equals("resolved")) {
            try (PreparedStatement update = c.prepareStatement("update alerting_alert set severity = ?, labels = ?,"
                    + " annotations = ?, last_seen_at = ?, raise_count = raise_count + 1, updated_at = ? where id = ?")) {
                update.setString(1, signal.severity().value());
                update.setString(2, labels);
                update.setString(3, annotations);
                update.setLong(4, now);
                update.setLong(5, now);
                update.setString(6, row.id());
                update.executeUpdate();
            }
            return new Change(new Alerts.Outcome(row.id(), row.state(), false), null);
        }
        boolean quiet = now - row.firedAt() < dedupWindow.toMillis();
        try (PreparedStatement update = c.prepareStatement("update alerting_alert set state = 'firing', severity = ?,"
                + " labels = ?, annotations = ?, starts_at = ?, ends_at = null, last_seen_at = ?, fired_at = ?,"
                + " raise_count = raise_count + 1, ack_by = null, ack_comment = null, ack_until = null, updated_at = ?"
                + " where id = ?")) {
            update.setString(1, signal.severity().value());
            update.setString(2, labels);
            update.setString(3, annotations);
            update.setLong(4, startsAt);
            update.setLong(5, now);
            update.setLong(6, quiet ? row.firedAt() : now);
            update.setLong(7, now);
            update.setString(8, row.id());
            update.executeUpdate();
        }
        transition(row.id(), "resolved", "firing", now, signal.source(),
                quiet ? "fired again within the dedup window: not notified again" : null);
        Long due = join(row.id(), signal, tree, !quiet, now);
        return new Change(new Alerts.Outcome(row.id(), "firing", true), due);
    }

    /** Resolves the alert; a group that notified it firing notifies it resolved, once. */
    public Optional<Change> resolve(String identity, String actor, long endsAt, long now) throws SQLException {
        Optional<Row> existing = lock(identity);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        Row row = existing.get();
        if (row.state().equals("resolved")) {
            return Optional.of(new Change(new Alerts.Outcome(row.id(), "resolved", false), null));
        }
        try (PreparedStatement update = c.prepareStatement("update alerting_alert set state = 'resolved', ends_at = ?,"
                + " updated_at = ? where id = ?")) {
            update.setLong(1, Math.min(endsAt, now));
            update.setLong(2, now);
            update.setString(3, row.id());
            update.executeUpdate();
        }
        transition(row.id(), row.state(), "resolved", now, actor, null);
        return Optional.of(new Change(new Alerts.Outcome(row.id(), "resolved", true), touchGroups(row.id(), now)));
    }

    /** Resolves the alert when, locked, it is still open and was not raised since {@code before}. */
    public Optional<Change> resolveIfQuiet(String identity, long before, long now) throws SQLException {
        Optional<Row> existing = lock(identity);
        if (existing.isEmpty() || existing.get().state().equals("resolved")) {
            return Optional.empty();
        }
        try (PreparedStatement select = c.prepareStatement("select last_seen_at from alerting_alert where id = ?")) {
            select.setString(1, existing.get().id());
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next() || rs.getLong(1) >= before) {
                    return Optional.empty(); // raised again meanwhile
                }
            }
        }
        return resolve(identity, "system: quiet since " + java.time.Instant.ofEpochMilli(before), now, now);
    }

    /**
     * Acknowledges a firing (or acknowledged) alert until {@code until}; empty when there is no such
     * alert. Its groups look again, by their group interval: one whose open alerts are now all
     * acknowledged notifies that (a PagerDuty incident is acknowledged).
     */
    public Optional<String> acknowledge(String alertId, String actor, String comment, long until, long now)
            throws SQLException {
        Optional<Row> row = lockById(alertId);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        if (row.get().state().equals("resolved")) {
            return Optional.of("resolved");
        }
        try (PreparedStatement update = c.prepareStatement("update alerting_alert set state = 'acknowledged',"
                + " ack_by = ?, ack_comment = ?, ack_until = ?, updated_at = ? where id = ?")) {
            update.setString(1, actor);
            update.setString(2, comment);
            update.setLong(3, until);
            update.setLong(4, now);
            update.setString(5, alertId);
            update.executeUpdate();
        }
        transition(alertId, row.get().state(), "acknowledged", now, actor, comment);
        if (row.get().state().equals("firing")) {
            touchGroups(alertId, now); // a group whose open alerts are all acknowledged says so once
        }
        return Optional.of("acknowledged");
    }

    private long openOf(String appId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("select count(*) from alerting_alert where app_id = ?"
                + " and state in ('firing', 'acknowledged')")) {
            select.setString(1, appId);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Open alerts of one source and name that nobody raised since {@code before}: their identities. */
    public List<String> quiet(String source, String name, long before, int limit) throws SQLException {
        List<String> identities = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("select identity from alerting_alert where source = ?"
                + " and name = ? and state <> 'resolved' and last_seen_at < ? order by last_seen_at")) {
            select.setString(1, source);
            select.setString(2, name);
            select.setLong(3, before);
            select.setMaxRows(limit);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    identities.add(rs.getString(1));
                }
            }
        }
        return identities;
    }

    /** Alerts whose acknowledgement has run out, oldest first. */
    public List<String> expiredAcknowledgements(long now, int limit) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("select id from alerting_alert where state = 'acknowledged'"
                + " and ack_until <= ? order by ack_until")) {
            select.setLong(1, now);
            select.setMaxRows(limit);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    /**
     * An acknowledgement ran out: the alert fires again and its groups notify it again at their
     * next look. Null when it is no longer acknowledged or not yet due.
     */
    public Change reopen(String alertId, long now) throws SQLException {
        Optional<Row> row = lockById(alertId);
        if (row.isEmpty() || !row.get().state().equals("acknowledged")) {
            return null;
        }
        int updated;
        try (PreparedStatement update = c.prepareStatement("update alerting_alert set state = 'firing', ack_until = null,"
                + " updated_at = ? where id = ? and ack_until <= ?")) {
            update.setLong(1, now);
            update.setString(2, alertId);
            update.setLong(3, now);
            updated = update.executeUpdate();
        }
        if (updated == 0) {
            return null;
        }
        transition(alertId, "acknowledged", "firing", now, "system", "acknowledgement expired");
        // The groups first (as every change takes them, after the alert): a look holds its group and
        // then writes its memberships, so writing them before taking the group could deadlock with it.
        Long due = touchGroups(alertId, now);
        // Notified before: firing again is news to its groups, and so is a resolve before their next look.
        try (PreparedStatement reset = c.prepareStatement("update alerting_group_alert set notified = 'acknowledged'"
                + " where alert_id = ? and notified is not null")) {
            reset.setString(1, alertId);
            reset.executeUpdate();
        }
        return new Change(new Alerts.Outcome(alertId, "firing", true), due);
    }

    private Optional<Row> lock(String identity) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("select id, state, fired_at from alerting_alert"
                + " where identity = ? for update")) {
            select.setString(1, identity);
            return row(select);
        }
    }

    private Optional<Row> lockById(String id) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("select id, state, fired_at from alerting_alert"
                + " where id = ? for update")) {
            select.setString(1, id);
            return row(select);
        }
    }

    private static Optional<Row> row(PreparedStatement select) throws SQLException {
        try (ResultSet rs = select.executeQuery()) {
            return rs.next() ? Optional.of(new Row(rs.getString(1), rs.getString(2), rs.getLong(3))) : Optional.empty();
        }
    }

    /** Records one change of an alert's state. */
    public void transition(String alertId, String from, String to, long at, String actor, String note)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("insert into alerting_transition (id, alert_id, from_state,"
                + " to_state, at, actor, note) values (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, Ids.newId());
            insert.setString(2, alertId);
            insert.setString(3, from);
            insert.setString(4, to);
            insert.setLong(5, at);
            insert.setString(6, actor.length() > 200 ? actor.substring(0, 200) : actor);
            if (note == null) {
                insert.setNull(7, Types.VARCHAR);
            } else {
                insert.setString(7, note.length() > 1000 ? note.substring(0, 1000) : note);
            }
            insert.executeUpdate();
        }
    }

    /** The firing alert joins the groups of its routes; {@code changed} makes those groups due. */
    private Long join(String alertId, AlertSignal signal, RoutingTree tree, boolean changed, long now)
            throws SQLException {
        List<RoutingTree.Match> matches = new ArrayList<>(tree.route(signal.labels()));
        matches.sort(Comparator.comparing(RoutingTree.Match::groupKey));
        Long due = null;
        for (RoutingTree.Match match : matches) {
            Group group = lockGroup(ensureGroup(match, now));
            boolean member;
            try (PreparedStatement select = c.prepareStatement("select notified from alerting_group_alert"
                    + " where group_id = ? and alert_id = ?")) {
                select.setString(1, group.id());
                select.setString(2, alertId);
                try (ResultSet rs = select.executeQuery()) {
                    member = rs.next();
                }
            }
            if (!member) {
                // Not in the group (its resolve was notified, or a new route): it joins as not yet
                // notified, and the group looks, even for a re-fire inside the dedup window, so no
                // receiver is left believing a firing alert resolved.
                try (PreparedStatement insert = c.prepareStatement("insert into alerting_group_alert (group_id, alert_id,"
                        + " notified, added_at) values (?, ?, null, ?)")) {
                    insert.setString(1, group.id());
                    insert.setString(2, alertId);
                    insert.setLong(3, now);
                    insert.executeUpdate();
                }
            }
            if (changed || !member) {
                due = earliest(due, changed(group, now));
            }
        }
        return due;
    }

    /** Every group the alert is in looks again (or drops it, when it never notified it firing). */
    private Long touchGroups(String alertId, long now) throws SQLException {
        List<String[]> memberships = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("select ga.group_id, ga.notified from alerting_group_alert ga"
                + " join alerting_group g on g.id = ga.group_id where ga.alert_id = ? order by g.group_key")) {
            select.setString(1, alertId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    memberships.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        Long due = null;
        for (String[] membership : memberships) {
            Group group = lockGroup(membership[0]);
            due = earliest(due, changed(group, now));
        }
        return due;
    }

    private static Long earliest(Long a, long b) {
        return a == null ? b : Math.min(a, b);
    }

    record Group(String id, long createdAt, Long nextFlushAt, Long lastFlushAt, RoutingTree.Timing timing) {
    }

    private String ensureGroup(RoutingTree.Match match, long now) throws SQLException {
        String key = match.groupKey();
        try (PreparedStatement select = c.prepareStatement("select id from alerting_group where group_key = ?")) {
            select.setString(1, key);
            try (ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                    return rs.getString(1);
                }
            }
        }
        // Two servers creating one group at once: the second insert breaks the unique key, its
        // transaction rolls back and the raise is tried again, when it finds the first one's group.
        String id = Ids.newId();
        RoutingTree.Timing timing = match.route().timing();
        try (PreparedStatement insert = c.prepareStatement("insert into alerting_group (id, group_key, route_path,"
                + " receiver, group_labels, created_at, group_wait_ms, group_interval_ms, repeat_interval_ms)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, key);
            insert.setString(3, match.route().path());
            insert.setString(4, match.receiver().name());
            insert.setString(5, JsonMaps.write(match.groupLabels()));
            insert.setLong(6, now);
            insert.setLong(7, timing.groupWait().toMillis());
            insert.setLong(8, timing.groupInterval().toMillis());
            insert.setLong(9, timing.repeatInterval().toMillis());
            insert.executeUpdate();
        }
        return id;
    }

    private Group lockGroup(String id) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("select id, created_at, next_flush_at, last_flush_at,"
                + " group_wait_ms, group_interval_ms, repeat_interval_ms from alerting_group where id = ? for update")) {
            select.setString(1, id);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("group " + id + " vanished", "40001");
                }
                return new Group(rs.getString(1), rs.getLong(2), nullableLong(rs, 3), nullableLong(rs, 4),
                        new RoutingTree.Timing(Duration.ofMillis(rs.getLong(5)), Duration.ofMillis(rs.getLong(6)),
                                Duration.ofMillis(rs.getLong(7))));
            }
        }
    }

    /** Marks a locked group changed and due by its timings. */
    private long changed(Group group, long now) throws SQLException {
        long next = GroupTimer.onChange(group.nextFlushAt(), group.lastFlushAt(), group.createdAt(), now, group.timing());
        try (PreparedStatement update = c.prepareStatement("update alerting_group set next_flush_at = ?,"
                + " changed_at = coalesce(changed_at, ?) where id = ?")) {
            update.setLong(1, next);
            update.setLong(2, now);
            update.setString(3, group.id());
            update.executeUpdate();
        }
        return next;
    }

    static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    /** The identity an app's (or Vigil's) alert has. */
    public static String identity(String appId, AlertSignal signal) {
        return Labels.identity(appId == null ? "vigil" : "app:" + appId, signal.dedupKey(), signal.labels());
    }
}
