package dev.vigil.identity.internal.security;

import dev.vigil.identity.internal.config.IdentityConfig;
import dev.vigil.kernel.api.Ids;
import dev.vigil.kernel.api.Roles;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The admin UI's signed-in sessions, kept in {@code identity_session} so that every server behind a
 * load balancer knows them. The cookie carries a random token (256 bits); the table holds only its
 * SHA-256. A session's CSRF token is derived from the cookie's token, so it needs no storage and
 * cannot be read by a page of another origin (the cookie is {@code HttpOnly}).
 */
@ApplicationScoped
public class Sessions {

    /** The cookie's name. */
    public static final String COOKIE = "vigil_session";
    /** The header a signed-in session's state change carries its CSRF token in. */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    /** A session's last use is written at most this often, not on every request. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    private static final int TOKEN_BYTES = 32;
    private static final int MAX_TOKEN_LENGTH = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Inject
    IdentityConfig config;

    @Inject
    Clock clock;

    /** A live session: whose it is, with the role the user has now. */
    public record Session(String id, String username, String role, String csrfToken, Instant expiresAt) {

        public boolean isAdmin() {
            return Roles.ADMIN.equals(role);
        }
    }

    /** A session opened at login: the token for the cookie, and the session. */
    public record Opened(String token, Session session) {
    }

    /**
     * Opens a session for a user whose password was just checked. Expired sessions are deleted
     * first, and the user's oldest live ones beyond the limit, so the table stays bounded.
     */
    public Opened open(String username, String role) throws SQLException {
        byte[] raw = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant now = clock.instant();
        Instant expires = now.plus(config.sessionLifetime());
        String id = Ids.newId();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement purge = c.prepareStatement(
                    "delete from identity_session where expires_at < ? or last_seen_at < ?")) {
                purge.setTimestamp(1, Timestamp.from(now));
                purge.setTimestamp(2, Timestamp.from(now.minus(config.sessionIdleTimeout())));
                purge.executeUpdate();
            }
            try (PreparedStatement insert = c.prepareStatement("insert into identity_session"
                    + " (id, token_hash, username, created_at, last_seen_at, expires_at) values (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, hash(token));
                insert.setString(3, username);
                insert.setTimestamp(4, Timestamp.from(now));
                insert.setTimestamp(5, Timestamp.from(now));
                insert.setTimestamp(6, Timestamp.from(expires));
                insert.executeUpdate();
            }
            trim(c, username);
        }
        return new Opened(token, new Session(id, username, role, csrfToken(token), expires));
    }

    /** Keeps a user's newest sessions up to the limit; older ones end. */
    private void trim(Connection c, String username) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "select id from identity_session where username = ? order by created_at desc, id desc")) {
            q.setString(1, username);
            q.setMaxRows(config.sessionsPerUser() + 50);
            try (ResultSet rs = q.executeQuery();
                 PreparedStatement delete = c.prepareStatement("delete from identity_session where id = ?")) {
                int seen = 0;
                while (rs.next()) {
                    if (++seen > config.sessionsPerUser()) {
                        delete.setString(1, rs.getString(1));
                        delete.addBatch();
                    }
                }
                if (seen > config.sessionsPerUser()) {
                    delete.executeBatch();
                }
            }
        }
    }

    /**
     * The live session a cookie's token names: not past its lifetime or idle timeout, its user still
     * enabled. The last use is moved on at most once a minute.
     */
    public Optional<Session> find(String token) throws SQLException {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH
                || !token.chars().allMatch(Sessions::isTokenChar)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            String id;
            String username;
            String role;
            Instant lastSeen;
            Instant expires;
            try (PreparedStatement q = c.prepareStatement("select s.id, s.username, u.role, s.last_seen_at, s.expires_at"
                    + " from identity_session s join identity_user u on u.username = s.username"
                    + " where s.token_hash = ? and u.enabled = true")) {
                q.setString(1, hash(token));
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    id = rs.getString(1);
                    username = rs.getString(2);
                    role = Roles.ADMIN.equals(rs.getString(3)) ? Roles.ADMIN : Roles.MEMBER;
                    lastSeen = rs.getTimestamp(4).toInstant();
                    expires = rs.getTimestamp(5).toInstant();
                }
            }
            if (!now.isBefore(expires) || !now.isBefore(lastSeen.plus(config.sessionIdleTimeout()))) {
                return Optional.empty();
            }
            if (!now.isBefore(lastSeen.plus(TOUCH_EVERY))) {
                try (PreparedStatement touch = c.prepareStatement(
                        "update identity_session set last_seen_at = ? where id = ? and last_seen_at < ?")) {
                    touch.setTimestamp(1, Timestamp.from(now));
                    touch.setString(2, id);
                    touch.setTimestamp(3, Timestamp.from(now));
                    touch.executeUpdate();
                }
            }
            return Optional.of(new Session(id, username, role, csrfToken(token), expires));
        }
    }

    /** Ends the session a cookie's token names, if there is one. */
    public void close(String token) throws SQLException {
        if (token == null || token.length() > MAX_TOKEN_LENGTH) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement delete = c.prepareStatement("delete from identity_session where token_hash = ?")) {
            delete.setString(1, hash(token));
            delete.executeUpdate();
        }
    }

    /** Whether a state change's header carries the session's CSRF token (compared in constant time). */
    public static boolean csrfMatches(Session session, String presented) {
        return presented != null && MessageDigest.isEqual(session.csrfToken().getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    private static String csrfToken(String token) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256("vigil-csrf:" + token));
    }

    private static String hash(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    private static boolean isTokenChar(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
}
