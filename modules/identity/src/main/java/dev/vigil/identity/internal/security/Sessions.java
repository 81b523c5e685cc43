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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The admin UI's signed-in sessions, kept in {@code identity_session} so that every server behind a
 * load balancer knows them. The cookie carries a random token (256 bits); the table holds only its
 * SHA-256. A session's CSRF token is derived from the cookie's token, so it needs no storage and
 * cannot be read by a page of another origin (the cookie is {@code HttpOnly}).
 */
@ApplicationScoped
public class Sessions {

    /** The cookie's name over plain HTTP. */
    public static final String COOKIE = "vigil_session";
    /**
     * Its name when {@code Secure}: with the {@code __Host-} prefix a browser takes the cookie only
     * from this host, for {@code Path=/}, over TLS, so no sibling subdomain or other path can plant one.
     */
    public static final String SECURE_COOKIE = "__Host-vigil_session";
    /** The header a signed-in session's state change carries its CSRF token in. */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    /** A session's last use is written at most this often, not on every request. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    private static final int TOKEN_BYTES = 32;
    private static final int MAX_TOKEN_LENGTH = 64;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger LOG = Logger.getLogger(Sessions.class.getName());

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
     * first, and the user's oldest live ones beyond the limit after, so the table stays bounded;
     * both are best effort (one statement each, never failing the login).
     */
    public Opened open(String username, String role) throws SQLException {
        byte[] raw = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        long now = clock.millis();
        long expires = now + config.sessionLifetime().toMillis();
        String id = Ids.newId();
        try (Connection c = dataSource.getConnection()) {
            // Only sessions past their lifetime: one that went idle stays until then, so the browser
            // still holding its cookie meets an ended session (cleared), not an unknown one (counted).
            bestEffort(c, "delete from identity_session where expires_at < ?", now);
            try (PreparedStatement insert = c.prepareStatement("insert into identity_session"
                    + " (id, token_hash, username, created_at, last_seen_at, expires_at) values (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, hash(token));
                insert.setString(3, username);
                insert.setLong(4, now);
                insert.setLong(5, now);
                insert.setLong(6, expires);
                insert.executeUpdate();
            }
            // The user's newest sessions up to the limit stay; one statement, so two servers' logins
            // cannot deadlock on each other's row order.
            bestEffort(c, "delete from identity_session where username = ? and id <> ? and id not in (select id from"
                    + " identity_session where username = ? order by created_at desc, id desc limit ?)",
                    username, id, username, config.sessionsPerUser());
        }
        return new Opened(token, new Session(id, username, role, csrfToken(token), Instant.ofEpochMilli(expires)));
    }

    private static void bestEffort(Connection c, String sql, Object... values) {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            LOG.warning(() -> "Sessions could not be tidied (the next login tries again): " + e.getMessage());
        }
    }

    /** What a cookie's token names: a live session, one that ended (or whose user was disabled), or nothing. */
    public sealed interface Found permits Live, Ended, Unknown {
    }

    public record Live(Session session) implements Found {
    }

    public record Ended() implements Found {
    }

    public record Unknown() implements Found {
    }

    /**
     * The session a cookie's token names: live while not past its lifetime or idle timeout and its
     * user is enabled. The last use is moved on at most once a minute (or a quarter of the idle
     * timeout, when that is shorter).
     */
    public Found find(String token) throws SQLException {
        if (!wellFormed(token)) {
            return new Unknown();
        }
        long now = clock.millis();
        try (Connection c = dataSource.getConnection()) {
            String id;
            String username;
            String role;
            long lastSeen;
            long expires;
            boolean enabled;
            try (PreparedStatement q = c.prepareStatement("select s.id, s.username, u.role, s.last_seen_at, s.expires_at,"
                    + " u.enabled from identity_session s left join identity_user u on u.username = s.username"
                    + " where s.token_hash = ?")) {
                q.setString(1, hash(token));
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) {
                        return new Unknown();
                    }
                    id = rs.getString(1);
                    username = rs.getString(2);
                    role = Roles.ADMIN.equals(rs.getString(3)) ? Roles.ADMIN : Roles.MEMBER;
                    lastSeen = rs.getLong(4);
                    expires = rs.getLong(5);
                    enabled = rs.getBoolean(6);
                }
            }
            long idle = config.sessionIdleTimeout().toMillis();
            if (!enabled || now >= expires || now >= lastSeen + idle) {
                return new Ended();
            }
            if (now >= lastSeen + Math.min(TOUCH_EVERY.toMillis(), idle / 4)) {
                try (PreparedStatement touch = c.prepareStatement(
                        "update identity_session set last_seen_at = ? where id = ? and last_seen_at < ?")) {
                    touch.setLong(1, now);
                    touch.setString(2, id);
                    touch.setLong(3, now);
                    touch.executeUpdate();
                }
            }
            return new Live(new Session(id, username, role, csrfToken(token), Instant.ofEpochMilli(expires)));
        }
    }

    /** Ends the session a cookie's token names, if there is one. */
    public void close(String token) throws SQLException {
        if (!wellFormed(token)) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement delete = c.prepareStatement("delete from identity_session where token_hash = ?")) {
            delete.setString(1, hash(token));
            delete.executeUpdate();
        }
    }

    private static boolean wellFormed(String token) {
        return token != null && !token.isEmpty() && token.length() <= MAX_TOKEN_LENGTH
                && token.chars().allMatch(Sessions::isTokenChar);
    }

    /**
     * The session cookie: for every path (the UI calls the API), never readable by script, never
     * sent with another site's request, only over TLS when the request came over TLS (or Vigil is
     * told it always does, behind a proxy that ends TLS).
     */
    public String cookie(String token, boolean secure) {
        return cookie(token, secure, config.sessionLifetime().toSeconds());
    }

    private String cookie(String token, boolean secure, long maxAge) {
        boolean tls = secure || config.sessionCookieAlwaysSecure();
        return (tls ? SECURE_COOKIE : COOKIE) + "=" + token + "; Path=/; Max-Age=" + maxAge + "; HttpOnly; SameSite=Strict"
                + (tls ? "; Secure" : "");
    }

    /** A cookie that makes the browser forget the session cookie. */
    public String expiredCookie(boolean secure) {
        return cookie("", secure, 0);
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
