package dev.vigil.alerting.internal.store;

import dev.vigil.kernel.api.Ids;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Channels as deliveries read them, and the notification log. */
public final class NotificationStore {

    /** A channel with its sealed secret. */
    public record Channel(String id, String name, String type, String settings, String sealedSecret) {
    }

    /** A notification waiting for an attempt, with its channel (null when the channel was deleted). */
    public record Pending(String id, String status, long triggeredAt, String message, String channelName,
            Channel channel) {
    }

    private final Connection c;

    public NotificationStore(Connection connection) {
        this.c = connection;
    }

    public List<Channel> channels(Collection<String> names) throws SQLException {
        List<Channel> channels = new ArrayList<>();
        if (names.isEmpty()) {
            return channels;
        }
        try (PreparedStatement select = c.prepareStatement("select id, name, type, settings, secret from alerting_channel"
                + " where name = ?")) {
            for (String name : names) {
                select.setString(1, name);
                try (ResultSet rs = select.executeQuery()) {
                    if (rs.next()) {
                        channels.add(new Channel(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5)));
                    }
                }
            }
        }
        return channels;
    }

    /** Logs a notification about to be queued; its id is the job's payload. */
    public String create(String groupId, Channel channel, int firing, int resolved, long triggeredAt, String message,
            long now) throws SQLException {
        String id = Ids.newId();
        try (PreparedStatement insert = c.prepareStatement("insert into alerting_notification (id, group_id, channel_id,"
                + " channel_name, channel_type, status, firing, resolved, attempts, created_at, triggered_at, message)"
                + " values (?, ?, ?, ?, ?, 'queued', ?, ?, 0, ?, ?, ?)")) {
            insert.setString(1, id);
            if (groupId == null) {
                insert.setNull(2, Types.VARCHAR);
            } else {
                insert.setString(2, groupId);
            }
            insert.setString(3, channel.id());
            insert.setString(4, channel.name());
            insert.setString(5, channel.type());
            insert.setInt(6, firing);
            insert.setInt(7, resolved);
            insert.setLong(8, now);
            insert.setLong(9, triggeredAt);
            insert.setString(10, message);
            insert.executeUpdate();
        }
        return id;
    }

    public Optional<Pending> pending(String notificationId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("select n.id, n.status, n.triggered_at, n.message,"
                + " n.channel_name, c.id, c.name, c.type, c.settings, c.secret from alerting_notification n"
                + " left join alerting_channel c on c.id = n.channel_id where n.id = ?")) {
            select.setString(1, notificationId);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Channel channel = rs.getString(6) == null ? null
                        : new Channel(rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10));
                return Optional.of(new Pending(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), channel));
            }
        }
    }

    /**
     * Records an attempt's outcome: {@code delivered}, {@code retrying} or {@code failed}.
     *
     * @param latencyMillis from the change that caused the notification to its delivery; null unless delivered
     */
    public void attempted(String id, int attempt, String status, Long latencyMillis, String error, long now)
            throws SQLException {
        boolean finished = !status.equals("retrying");
        try (PreparedStatement update = c.prepareStatement("update alerting_notification set status = ?, attempts = ?,"
                + " finished_at = ?, latency_ms = ?, last_error = ? where id = ?")) {
            update.setString(1, status);
            update.setInt(2, attempt);
            if (finished) {
                update.setLong(3, now);
            } else {
                update.setNull(3, Types.BIGINT);
            }
            if (latencyMillis == null) {
                update.setNull(4, Types.BIGINT);
            } else {
                update.setLong(4, latencyMillis);
            }
            if (error == null) {
                update.setNull(5, Types.VARCHAR);
            } else {
                update.setString(5, error.length() > 500 ? error.substring(0, 500) : error);
            }
            update.setString(6, id);
            update.executeUpdate();
        }
    }

    /** Deletes log entries and resolved alerts older than {@code before}; the number of rows removed. */
    public int purge(long before, int limit) throws SQLException {
        int removed = 0;
        try (PreparedStatement delete = c.prepareStatement("delete from alerting_notification where id in (select id from"
                + " alerting_notification where created_at < ? order by created_at fetch first " + limit + " rows only)")) {
            delete.setLong(1, before);
            removed += delete.executeUpdate();
        }
        return removed;
    }
}
