package dev.vigil.identity.internal.apps;

import dev.vigil.identity.internal.config.IdentityConfig;
import dev.vigil.kernel.api.Caller;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Turns a presented API key into the app it belongs to, or nothing. This runs on every request an
 * app makes, so a live key found in the database is remembered for a short while
 * ({@link IdentityConfig#appKeyCacheMillis()}, 2 s by default): the presented secret is still hashed and
 * compared on every request, only the database round trip is saved. A key revoked through this
 * server stops working at once here; on other servers within that while.
 */
@ApplicationScoped
public class AppKeys {

    /** More live keys than this and the memory is simply dropped; there are two per app at most. */
    static final int MAX_REMEMBERED = 10_000;

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Inject
    IdentityConfig config;

    private final Map<String, LiveKey> remembered = new ConcurrentHashMap<>();

    /** Bumped by every revocation, so a lookup that raced one does not remember what it read. */
    private final AtomicLong revocations = new AtomicLong();

    private record LiveKey(String secretHash, Caller app, long expiresAtNanos) {
    }

    /** Compares the secret's hash in constant time; an unknown or revoked key is nothing. */
    public Optional<Caller> authenticate(String token) {
        Optional<ApiKey> parsed = ApiKey.parse(token);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        ApiKey presented = parsed.get();
        long now = System.nanoTime();
        LiveKey known = remembered.get(presented.prefix());
        if (known == null || now - known.expiresAtNanos() >= 0) {
            known = lookUp(presented.prefix(), now);
        }
        return known != null && presented.matches(known.secretHash()) ? Optional.of(known.app()) : Optional.empty();
    }

    /** A key was revoked (fired in the revoking transaction). */
    public record Revoked(String keyId) {
    }

    /**
     * Once a revocation has committed, nothing remembered before it is used again. (Forgetting
     * before the commit would let a lookup in between remember the key, still live in the database.)
     */
    void forgetOnRevocation(@Observes(during = TransactionPhase.AFTER_SUCCESS) Revoked revoked) {
        revocations.incrementAndGet();
        remembered.clear();
    }

    private LiveKey lookUp(String prefix, long now) {
        long revocationsBefore = revocations.get();
        LiveKey live = query(prefix, now + config.appKeyCacheMillis() * 1_000_000);
        if (live == null) {
            remembered.remove(prefix);
            return null;
        }
        if (config.appKeyCacheMillis() > 0) {
            if (remembered.size() >= MAX_REMEMBERED) {
                remembered.clear();
            }
            remembered.put(prefix, live);
            // A revocation that committed while the key was read may have cleared the memory before
            // the put above: drop what was read then. (One that starts after this check clears it.)
            if (revocations.get() != revocationsBefore) {
                remembered.remove(prefix);
            }
        }
        return live;
    }

    /** One indexed query by the key's prefix; plain JDBC, no entities. */
    private LiveKey query(String prefix, long expiresAtNanos) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("select k.secret_hash, a.id, a.name from identity_app_key k"
                     + " join identity_app a on a.id = k.app_id where k.prefix = ? and k.revoked_at is null")) {
            q.setString(1, prefix);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? new LiveKey(rs.getString(1), Caller.app(rs.getString(2), rs.getString(3)),
                        expiresAtNanos) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("API key not checked: " + e.getMessage(), e);
        }
    }
}
