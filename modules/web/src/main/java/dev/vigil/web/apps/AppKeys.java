package dev.vigil.web.apps;

import dev.vigil.kernel.api.Caller;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** Turns a presented API key into the app it belongs to, or nothing. */
@ApplicationScoped
public class AppKeys {

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    /**
     * Looks the key up by its indexed prefix and compares the secret's hash in constant time. A
     * revoked key is not found, so revocation takes effect on the next request. Plain JDBC, one
     * indexed query: this runs on every request an app makes.
     */
    public Optional<Caller> authenticate(String token) {
        Optional<ApiKey> presented = ApiKey.parse(token);
        if (presented.isEmpty()) {
            return Optional.empty();
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("select k.secret_hash, a.id, a.name from web_app_key k"
                     + " join web_app a on a.id = k.app_id where k.prefix = ? and k.revoked_at is null")) {
            q.setString(1, presented.get().prefix());
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next() || !presented.get().matches(rs.getString(1))) {
                    return Optional.empty();
                }
                return Optional.of(Caller.app(rs.getString(2), rs.getString(3)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("API key not checked: " + e.getMessage(), e);
        }
    }
}
