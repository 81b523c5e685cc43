package dev.vigil.alerting.internal.store;

import dev.vigil.alerting.internal.model.GroupTimer;
import dev.vigil.alerting.internal.model.JsonMaps;
import dev.vigil.alerting.internal.model.Mutes;
import dev.vigil.alerting.internal.model.RoutingTree;
import dev.vigil.kernel.api.SqlParameters;
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
    /** A group whose alert's {@code mutedBy} could not be written is looked at again this soon. */
    static final long SKIPPED_AGAIN_MILLIS = 1_000;

    /**
     * An alert in the group. {@code mutedBy} is what muted it at the last look; {@code mute} what
     * mutes it now (a firing alert only).
     */
    public record Member(String alertId, String state, String notified, String severity, String name,
            Map<String, String> labels, Map<String, String> annotations, long startsAt, Long endsAt, String identity,
            String mutedBy, Mutes.Mute mute) {

        /** Firing, and neither acknowledged nor muted: what a notification lists as firing. */
        public boolean firing() {
            return state.equals("firing") && mute == null;
        }

        public boolean acknowledged() {
            return state.equals("acknowledged");
        }

        /** Notified as firing or acknowledged, so its resolve is notified. */
        public boolean wasNotified() {
            return "firing".equals(notified) || "acknowledged".equals(notified);
        }

        public boolean resolvedToNotify() {
            return state.equals("resolved") && wasNotified();
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

        public List<Member> acknowledged() {
            return members.stream().filter(Member::acknowledged).toList();
        }

        /** firing while an alert fires; else acknowledged while one is open; else resolved. */
        public String status() {
            if (members.stream().anyMatch(Member::firing)) {
                return "firing";
            }
            return members.stream().anyMatch(Member::acknowledged) ? "acknowledged" : "resolved";
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
    public Optional<Look> lock(String groupId, long now, Mutes mutes) throws SQLException {
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
                + " a.labels, a.annotations, a.starts_at, a.ends_at, a.identity, a.muted_by from alerting_group_alert ga"
                + " join alerting_alert a on a.id = ga.alert_id where ga.group_id = ? order by a.starts_at, a.id")) {
            select.setString(1, id);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    String state = rs.getString(2);
                    Map<String, String> labels = JsonMaps.read(rs.getString(6));
                    Mutes.Mute mute = state.equals("firing") ? mutes.of(labels, now).orElse(null) : null;
                    members.add(new Member(rs.getString(1), state, rs.getString(3), rs.getString(4),
                            rs.getString(5), labels, JsonMaps.read(rs.getString(7)), rs.getLong(8),
                            AlertStore.nullableLong(rs, 9), rs.getString(10), rs.getString(11), mute));
                }
            }
        }
        boolean newlyFiring = members.stream().anyMatch(m -> m.firing() && !"firing".equals(m.notified()));
        boolean newlyResolved = members.stream().anyMatch(Member::resolvedToNotify);
        boolean anyFiring = members.stream().anyMatch(Member::firing);
        // Every open alert acknowledged, one of them notified as firing: the group says it is acknowledged.
        boolean newlyAcknowledged = !anyFiring
                && members.stream().anyMatch(m -> m.acknowledged() && "firing".equals(m.notified()));
        boolean notifies = GroupTimer.shouldNotify(newlyFiring || newlyAcknowledged, newlyResolved, anyFiring,
                lastNotified, now, timing);
        return Optional.of(new Look(id, receiver, key, groupLabels, changedAt, lastNotified, timing, List.copyOf(members),
                notifies));
    }

    /**
     * After the look: what was notified is marked (firing alerts as notified firing, acknowledged
     * ones as acknowledged when the group said so; resolved ones leave the group, notified once),
     * and the group's next look is set.
     */
    public void finish(Look look, long now) throws SQLException {
        if (look.notifies()) {
            try (PreparedStatement notified = c.prepareStatement("update alerting_group_alert set notified = ?"
                    + " where group_id = ? and alert_id = ?")) {
                List<Member> marked = new ArrayList<>(look.firing());
                if (marked.isEmpty()) {
                    marked.addAll(look.acknowledged()); // the group said it is acknowledged
                }
                for (Member member : marked) {
                    notified.setString(1, member.firing() ? "firing" : "acknowledged");
                    notified.setString(2, look.groupId());
                    notified.setString(3, member.alertId());
                    notified.addBatch();
                }
                notified.executeBatch();
            }
        }
        try (PreparedStatement leave = c.prepareStatement("delete from alerting_group_alert where group_id = ?"
                + " and alert_id = ?")) {
            for (Member member : look.members()) {
                boolean gone = member.state().equals("resolved") && (look.notifies() || !member.wasNotified());
                if (gone) {
                    leave.setString(1, look.groupId());
                    leave.setString(2, member.alertId());
                    leave.addBatch();
                }
            }
            leave.executeBatch();
        }
        boolean skipped = false;
        try (PreparedStatement muted = c.prepareStatement("update alerting_alert set muted_by = ? where id = ?")) {
            for (Member member : look.members()) {
                String reason = member.mute() == null ? null : member.mute().reason();
                if (reason != null && reason.length() > 300) {
                    reason = reason.substring(0, 300); // the column's width: a source's alertname may be long
                }
                if (member.state().equals("firing") && !java.util.Objects.equals(reason, member.mutedBy())) {
                    if (lockedOrFree(member.alertId())) {
                        muted.setString(1, reason);
                        muted.setString(2, member.alertId());
                        muted.addBatch();
                    } else {
                        skipped = true;
                    }
                }
            }
            muted.executeBatch();
        }
        Long lastNotified = look.notifies() ? Long.valueOf(now) : look.lastNotifiedAt();
        boolean anyFiring = !look.firing().isEmpty();
        Long next = GroupTimer.afterLook(anyFiring, lastNotified, now, look.timing());
        // A muted alert is looked at again when its mute may be over, to be notified then.
        for (Member member : look.members()) {
            if (member.mute() != null) {
                next = next == null ? member.mute().until() : Math.min(next, member.mute().until());
            }
        }
        if (skipped) {
            next = next == null ? now + SKIPPED_AGAIN_MILLIS : Math.min(next, now + SKIPPED_AGAIN_MILLIS); // to write it then
        }
        try (PreparedStatement update = c.prepareStatement("update alerting_group set last_flush_at = ?,"
                + " last_notified_at = ?, changed_at = ?, next_flush_at = ? where id = ?")) {
            update.setLong(1, now);
            SqlParameters.setLong(update, 2, lastNotified);
            SqlParameters.setLong(update, 3, look.notifies() ? null : look.changedAt());
            SqlParameters.setLong(update, 4, next);
            update.setString(5, look.groupId());
            update.executeUpdate();
        }
    }

    /**
     * Whether the alert's row may be written now. This look holds the group and a raise, resolve or
     * acknowledgement takes the alert first and then its groups: on PostgreSQL an alert locked by
     * one of them is skipped (its {@code mutedBy} is written at the group's next look) rather than
     * waited for, so the two never deadlock.
     */
    private boolean lockedOrFree(String alertId) throws SQLException {
        if (!skipLocked) {
            return true;
        }
        try (PreparedStatement lock = c.prepareStatement("select id from alerting_alert where id = ? for update skip locked")) {
            lock.setString(1, alertId);
            try (ResultSet rs = lock.executeQuery()) {
                return rs.next();
            }
        }
    }
}
