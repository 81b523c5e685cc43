package dev.vigil.alerting.internal.store;

import dev.vigil.alerting.internal.model.GroupTimer;
import dev.vigil.alerting.internal.model.JsonMaps;
import dev.vigil.alerting.internal.model.RoutingTree;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A group's look, on one connection of the caller's transaction: lock the due group (a group
 * another server is looking at is skipped on PostgreSQL), read its alerts, decide with
 * {@link GroupTimer} whether to notify, and afterwards mark what was notified and when the group is
 * next due.
 */
public final class GroupStore {

    /** At most this many alerts are listed in one notification; the rest are counted as truncated. */
    public static final int MAX_LISTED = 100;

    public record Member(String alertId, String state, String notified, String severity, String name,
            Map<String, String> labels, Map<String, String> annotations, long startsAt, Long endsAt, String identity) {

        public boolean firing() {
            return state.equals("firing");
        }

        public boolean resolvedToNotify() {
            return state.equals("resolved") && "firing".equals(notified);
        }
    }

    /** A locked due group and what its look found. */
    public record Look(String groupId, String receiver, String groupKey, Map<String, String> groupLabels,
            Long changedAt, Long lastNotifiedAt, RoutingTree.Timing timing, List<Member> members, boolean notifies) {

        public List<Member> firing() {
            return members.stream().filter(Member::firing).toList();
        }

        public List<Member> resolved() {
            return members.stream().filter(Member::resolvedToNotify).toList();
        }
    }

    private final Connection c;
    private final boolean skipLocked;

    public GroupStore(Connection connection, boolean skipLocked) {
        this.c = connection;
        this.skipLocked = skipLocked;
    }

    public static boolean isPostgres(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
    }

    /** Groups whose next look has come, the most overdue first. */
    public List<String> due(long now, int limit) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("select id from alerting_group where next_flush_at <= ?"
                + " order by next_flush_at")) {
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

    /** Locks the group when it is still due and reads it; empty when it is not due or is being looked at. */
    public Optional<Look> lock(String groupId, long now) throws SQLException {
        String id;
        String receiver;
        String key;
        Map<String, String> groupLabels;
        Long changedAt;
        Long lastNotified;
        RoutingTree.Timing timing;
        try (PreparedStatement select = c.prepareStatement("select id, receiver, group_key, group_labels, changed_at,"
                + " last_notified_at, group_wait_ms, group_interval_ms, repeat_interval_ms from alerting_group"
                + " where id = ? and next_flush_at <= ? for update" + (skipLocked ? " skip locked" : ""))) {
            select.setString(1, groupId);
            select.setLong(2, now);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                id = rs.getString(1);
                receiver = rs.getString(2);
                key = rs.getString(3);
                groupLabels = JsonMaps.read(rs.getString(4));
                changedAt = AlertStore.nullableLong(rs, 5);
                lastNotified = AlertStore.nullableLong(rs, 6);
                timing = new RoutingTree.Timing(Duration.ofMillis(rs.getLong(7)), Duration.ofMillis(rs.getLong(8)),
                        Duration.ofMillis(rs.getLong(9)));
            }
        }
        List<Member> members = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("select a.id, a.state, ga.notified, a.severity, a.name,"
                + " a.labels, a.annotations, a.starts_at, a.ends_at, a.identity from alerting_group_alert ga"
                + " join alerting_alert a on a.id = ga.alert_id where ga.group_id = ? order by a.starts_at, a.id")) {
            select.setString(1, id);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    members.add(new Member(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), JsonMaps.read(rs.getString(6)), JsonMaps.read(rs.getString(7)), rs.getLong(8),
                            AlertStore.nullableLong(rs, 9), rs.getString(10)));
                }
            }
        }
        boolean newlyFiring = members.stream().anyMatch(m -> m.firing() && !"firing".equals(m.notified()));
        boolean newlyResolved = members.stream().anyMatch(Member::resolvedToNotify);
        boolean anyFiring = members.stream().anyMatch(Member::firing);
        boolean notifies = GroupTimer.shouldNotify(newlyFiring, newlyResolved, anyFiring, lastNotified, now, timing);
        return Optional.of(new Look(id, receiver, key, groupLabels, changedAt, lastNotified, timing, List.copyOf(members),
                notifies));
    }

    /**
     * After the look: what was notified is marked (firing alerts as notified firing; resolved ones
     * leave the group, notified once), and the group's next look is set.
     */
    public void finish(Look look, long now) throws SQLException {
        if (look.notifies()) {
            try (PreparedStatement firing = c.prepareStatement("update alerting_group_alert set notified = 'firing'"
                    + " where group_id = ? and alert_id = ?")) {
                for (Member member : look.firing()) {
                    firing.setString(1, look.groupId());
                    firing.setString(2, member.alertId());
                    firing.addBatch();
                }
                firing.executeBatch();
            }
        }
        try (PreparedStatement leave = c.prepareStatement("delete from alerting_group_alert where group_id = ?"
                + " and alert_id = ?")) {
            for (Member member : look.members()) {
                boolean gone = member.state().equals("resolved") && (look.notifies() || !"firing".equals(member.notified()));
                if (gone) {
                    leave.setString(1, look.groupId());
                    leave.setString(2, member.alertId());
                    leave.addBatch();
                }
            }
            leave.executeBatch();
        }
        Long lastNotified = look.notifies() ? Long.valueOf(now) : look.lastNotifiedAt();
        boolean anyFiring = !look.firing().isEmpty();
        Long next = GroupTimer.afterLook(anyFiring, lastNotified, now, look.timing());
        try (PreparedStatement update = c.prepareStatement("update alerting_group set last_flush_at = ?,"
                + " last_notified_at = ?, changed_at = ?, next_flush_at = ? where id = ?")) {
            update.setLong(1, now);
            setNullable(update, 2, lastNotified);
            setNullable(update, 3, look.notifies() ? null : look.changedAt());
            setNullable(update, 4, next);
            update.setString(5, look.groupId());
            update.executeUpdate();
        }
    }

    private static void setNullable(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, java.sql.Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }
}
