package dev.vigil.limits.internal.idempotency;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@code limits_idempotency}: one row per scope and key. {@link #claim} and {@link #complete} run on
 * the caller's transaction (the connection Liberty enlists in it), so the row commits with the effect
 * or not at all; a second claim of the same key waits for the first transaction and then fails.
 */
@ApplicationScoped
public class IdempotencyStore {

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    Optional<StoredOutcome> find(String scope, String key) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("select fingerprint, status, content_type, location, body"
                     + " from limits_idempotency where scope = ? and idem_key = ? and expires_at > ?")) {
            select.setString(1, scope);
            select.setString(2, key);
            select.setLong(3, System.currentTimeMillis());
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                int status = row.getInt(2);
                Optional<StoredOutcome.Answer> answer = row.wasNull() ? Optional.empty()
                        : Optional.of(new StoredOutcome.Answer(status, row.getString(3), row.getString(4), row.getString(5)));
                return Optional.of(new StoredOutcome(row.getString(1), answer));
            }
        }
    }

    void claim(IdempotentRequest request, long expiresAt) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement delete = c.prepareStatement(
                     "delete from limits_idempotency where scope = ? and idem_key = ? and expires_at <= ?");
             PreparedStatement insert = c.prepareStatement("insert into limits_idempotency"
                     + " (scope, idem_key, fingerprint, created_at, expires_at) values (?, ?, ?, ?, ?)")) {
            delete.setString(1, request.scope());
            delete.setString(2, request.key());
            delete.setLong(3, System.currentTimeMillis());
            delete.executeUpdate();
            insert.setString(1, request.scope());
            insert.setString(2, request.key());
            insert.setString(3, request.fingerprint());
            insert.setLong(4, System.currentTimeMillis());
            insert.setLong(5, expiresAt);
            insert.executeUpdate();
        }
    }

    void complete(IdempotentRequest request, StoredOutcome.Answer answer) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement update = c.prepareStatement("update limits_idempotency"
                     + " set status = ?, content_type = ?, location = ?, body = ? where scope = ? and idem_key = ?")) {
            update.setInt(1, answer.status());
            update.setString(2, answer.contentType());
            update.setString(3, answer.location());
            update.setString(4, answer.body());
            update.setString(5, request.scope());
            update.setString(6, request.key());
            update.executeUpdate();
        }
    }
}
