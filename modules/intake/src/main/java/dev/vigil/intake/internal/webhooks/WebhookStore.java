package dev.vigil.intake.internal.webhooks;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** {@code intake_webhook_source} and {@code intake_webhook_delivery}. */
@ApplicationScoped
public class WebhookStore {

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    /** A registered sender; {@code sealedSecret} is never shown to anyone. */
    public record Source(String id, String name, SignatureScheme scheme, String sealedSecret, Instant createdAt,
            String createdBy) {
    }

    public record Delivery(String id, String deliveryId, Instant receivedAt, String contentType, int bytes) {
    }

    public void insertSource(Source source) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement("insert into intake_webhook_source"
                     + " (id, name, scheme, secret, created_at, created_by) values (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, source.id());
            insert.setString(2, source.name());
            insert.setString(3, source.scheme().label());
            insert.setString(4, source.sealedSecret());
            insert.setLong(5, source.createdAt().toEpochMilli());
            insert.setString(6, source.createdBy());
            insert.executeUpdate();
        }
    }

    public boolean replaceSecret(String name, String sealedSecret) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement update = c.prepareStatement("update intake_webhook_source set secret = ? where name = ?")) {
            update.setString(1, sealedSecret);
            update.setString(2, name);
            return update.executeUpdate() == 1;
        }
    }

    /** Replaces a source's sealed secret only if it is still the one read: a concurrent PUT wins. */
    public boolean resealSecret(String id, String expected, String resealed) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement update = c.prepareStatement(
                     "update intake_webhook_source set secret = ? where id = ? and secret = ?")) {
            update.setString(1, resealed);
            update.setString(2, id);
            update.setString(3, expected);
            return update.executeUpdate() == 1;
        }
    }

    public Optional<Source> source(String name) throws SQLException {
        List<Source> found = sources("where name = ?", name);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    public List<Source> sources() throws SQLException {
        return sources("order by name");
    }

    private List<Source> sources(String tail, String... args) throws SQLException {
        List<Source> sources = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("select id, name, scheme, secret, created_at, created_by"
                     + " from intake_webhook_source " + tail)) {
            for (int i = 0; i < args.length; i++) {
                q.setString(i + 1, args[i]);
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    sources.add(new Source(rs.getString(1), rs.getString(2),
                            SignatureScheme.parse(rs.getString(3)).orElseThrow(), rs.getString(4),
                            Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6)));
                }
            }
        }
        return sources;
    }

    /**
     * Stores a delivery in its own (auto-committed) statement.
     *
     * @param contentHash SHA-256 of the source and the signed content (timestamp and body)
     * @return false when this source already has a delivery with this id or this signed content: a
     *     replay, nothing stored
     */
    public boolean insertDelivery(String id, String sourceId, String deliveryId, String contentHash, Instant receivedAt,
            String contentType, String body) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement("insert into intake_webhook_delivery (id, source_id,"
                     + " delivery_id, content_hash, received_at, content_type, body) values (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, sourceId);
            insert.setString(3, deliveryId);
            insert.setString(4, contentHash);
            insert.setLong(5, receivedAt.toEpochMilli());
            insert.setString(6, contentType);
            insert.setString(7, body);
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                return false;
            }
            throw e;
        }
    }

    public List<Delivery> deliveries(String sourceId, int limit) throws SQLException {
        List<Delivery> deliveries = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("select id, delivery_id, received_at, content_type, octet_length(body)"
                     + " from intake_webhook_delivery where source_id = ? order by received_at desc, id desc")) {
            q.setString(1, sourceId);
            q.setMaxRows(limit);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    deliveries.add(new Delivery(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                            rs.getString(4), rs.getInt(5)));
                }
            }
        }
        return deliveries;
    }
}
