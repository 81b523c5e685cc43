package dev.vigil.limits.internal.idempotency;

import dev.vigil.kernel.api.DatabaseFailures;
import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.SecretBox;
import dev.vigil.kernel.api.VigilException;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Request fingerprints for idempotency keys: HMAC-SHA256 over method, path and body, under a key
 * that is not stored beside them, so whoever reads {@code limits_idempotency} cannot test guesses
 * of a body ({@code POST /admin/users} carries a new user's password). The key is derived from
 * {@code vigil.secrets.key}; during a rotation a fingerprint under the previous key still matches.
 * Without a secrets key, Vigil makes a random key once and keeps it in {@code limits_secret}: then
 * only a reader of the whole database can test guesses (the README says to set the secrets key).
 */
@ApplicationScoped
public class Fingerprints {

    static final String PURPOSE = "vigil-idempotency-fingerprint-v1";
    static final String DATABASE_KEY = "idempotency-fingerprint";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    private volatile List<byte[]> keys;

    /**
     * The request's fingerprints: the one to store first, then those a stored key may still hold —
     * under the previous secrets key during a rotation, and the plain SHA-256 that keys stored before
     * fingerprints were keyed hold (kept 24 h: a retry across the upgrade still replays).
     */
    List<String> of(String method, String path, byte[] body) {
        List<String> fingerprints = new ArrayList<>();
        keys().forEach(key -> fingerprints.add(fingerprint(key, method, path, body)));
        fingerprints.add(unkeyed(method, path, body));
        return List.copyOf(fingerprints);
    }

    private List<byte[]> keys() {
        List<byte[]> known = keys;
        if (known == null) {
            Config config = ConfigProvider.getConfig();
            try {
                known = keys(config.getOptionalValue("vigil.secrets.key", String.class),
                        config.getOptionalValue("vigil.secrets.previous-key", String.class), dataSource);
            } catch (SQLException e) {
                throw new VigilException(ErrorCode.DEPENDENCY_UNAVAILABLE, "Idempotency keys cannot be checked now",
                        e);
            }
            keys = known;
        }
        return known;
    }

    static List<byte[]> keys(Optional<String> secretsKey, Optional<String> previousKey, DataSource dataSource)
            throws SQLException {
        if (secretsKey.isPresent()) {
            try {
                return SecretBox.of(secretsKey.get(), previousKey.orElse(null)).derivedKeys(PURPOSE);
            } catch (IllegalArgumentException e) {
                throw new VigilException(ErrorCode.MISCONFIGURED, "vigil.secrets.key / vigil.secrets.previous-key: "
                        + e.getMessage());
            }
        }
        return List.of(databaseKey(dataSource));
    }

    /** The key in {@code limits_secret}, made by whichever server needs it first. */
    private static byte[] databaseKey(DataSource dataSource) throws SQLException {
        Optional<byte[]> stored = storedKey(dataSource);
        if (stored.isPresent()) {
            return stored.get();
        }
        byte[] fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement(
                     "insert into limits_secret (name, secret, created_at) values (?, ?, ?)")) {
            insert.setString(1, DATABASE_KEY);
            insert.setString(2, Base64.getEncoder().encodeToString(fresh));
            insert.setLong(3, System.currentTimeMillis());
            insert.executeUpdate();
        } catch (SQLException e) {
            if (!DatabaseFailures.isConstraintViolation(e)) {
                throw e;
            }
            // Another server made it first: use that one.
        }
        return storedKey(dataSource).orElseThrow(() -> new SQLException("limits_secret lost its fingerprint key"));
    }

    private static Optional<byte[]> storedKey(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("select secret from limits_secret where name = ?")) {
            select.setString(1, DATABASE_KEY);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(Base64.getDecoder().decode(row.getString(1))) : Optional.empty();
            }
        }
    }

    /** How keys were fingerprinted before 2026-11-30; accepted, never stored. */
    static String unkeyed(String method, String path, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    static String fingerprint(byte[] key, String method, String path, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }
}
