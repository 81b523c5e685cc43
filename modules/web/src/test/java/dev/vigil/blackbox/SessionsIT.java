package dev.vigil.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.BlackBox;
import dev.vigil.testing.Http;
import dev.vigil.testing.Http.Auth;
import dev.vigil.testing.Http.Reply;
import dev.vigil.testing.Personas;
import dev.vigil.testing.TestDatabase;
import java.net.http.HttpRequest.BodyPublishers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin UI's form login over HTTP, on both databases: the session cookie and its attributes, CSRF
 * on every change, sign-out on every server, members kept from ops data, the lockout, bad input.
 */
@ExtendWith(BlackBox.class)
class SessionsIT {

    private final Http http = BlackBox.http();
    private final Personas personas = BlackBox.personas();

    /** A signed-in session as a browser holds it: the cookie, and the CSRF token the page read. */
    private record Session(String cookie, String csrf) {
    }

    private Reply login(String from, String username, String password) {
        return http.send("POST", "api/v1/session", Auth.NONE, "application/json",
                BodyPublishers.ofString("{\"username\": \"" + username + "\", \"password\": \"" + password + "\"}"),
                Map.of("X-Forwarded-For", from));
    }

    private Session signIn(String from, String username, String password) {
        Reply reply = login(from, username, password);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        String setCookie = reply.header("Set-Cookie").orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        return new Session(cookie, reply.json().getString("csrfToken"));
    }

    private Reply as(Session session, String method, String path, String json, boolean withCsrf) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Cookie", session.cookie());
        if (withCsrf) {
            headers.put("X-CSRF-Token", session.csrf());
        }
        return http.send(method, path, Auth.NONE, json == null ? null : "application/json",
                json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json), headers);
    }

    @Test
    void aLoginGivesAnHttpOnlyStrictCookieThatSignsTheApiAndThePagesIn() {
        Reply reply = login("198.18.9.1", "admin", Personas.ADMIN_PASSWORD);
        assertThat(reply.status()).isEqualTo(200);
        String cookie = reply.header("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("vigil_session=").contains("; HttpOnly").contains("; SameSite=Strict")
                .contains("; Path=/").doesNotContain("Secure"); // plain HTTP here: Secure only under TLS
        assertThat(reply.json().getJsonArray("roles").getString(0)).isEqualTo("admin");
        Session session = signIn("198.18.9.1", "admin", Personas.ADMIN_PASSWORD);

        Reply me = as(session, "GET", "api/v1/me", null, false);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().getString("name")).isEqualTo("admin");
        assertThat(as(session, "GET", "api/v1/session", null, false).json().getString("csrfToken"))
                .isEqualTo(session.csrf());
        Reply page = as(session, "GET", "admin/apps.html", null, false);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Security-Policy").orElseThrow()).startsWith("default-src 'self'");
        assertThat(page.header("X-Frame-Options")).contains("DENY");
        // Without a session, a page sends the browser to the login page, and the API answers 401.
        Reply anonymous = http.get("admin/apps.html", Auth.NONE);
        assertThat(anonymous.status()).isEqualTo(302);
        assertThat(anonymous.header("Location").orElseThrow()).endsWith("admin/login.html?next=%2Fadmin%2Fapps.html");
        assertThat(http.send("GET", "api/v1/me", Auth.NONE, null, BodyPublishers.noBody(),
                Map.of("Cookie", "vigil_session=not-a-session")).status()).isEqualTo(401);
    }

    @Test
    void aSessionCountsOnlyFromThisSiteAndOnlyAlone() {
        Session session = signIn("198.18.9.10", "admin", Personas.ADMIN_PASSWORD);
        // Another site's request (or a sibling origin's, which CORS may admit) carries no session.
        for (String site : new String[] {"cross-site", "same-site"}) {
            Reply other = http.send("GET", "api/v1/session", Auth.NONE, null, BodyPublishers.noBody(),
                    Map.of("Cookie", session.cookie(), "Sec-Fetch-Site", site));
            assertThat(other.status()).isEqualTo(200);
            assertThat(other.json().containsKey("csrfToken")).as(site).isFalse();
        }
        assertThat(http.send("GET", "api/v1/session", Auth.NONE, null, BodyPublishers.noBody(),
                Map.of("Cookie", session.cookie(), "Sec-Fetch-Site", "same-origin")).json().getString("csrfToken"))
                .isEqualTo(session.csrf());
        // A second cookie of the name planted beside it (another path, a parent domain): neither counts.
        Reply planted = http.send("GET", "api/v1/me", Auth.NONE, null, BodyPublishers.noBody(),
                Map.of("Cookie", "vigil_session=planted-by-someone-else-0123456789abcdef; " + session.cookie()));
        assertThat(planted.status()).isEqualTo(401);
        assertThat(as(session, "GET", "api/v1/me", null, false).status()).isEqualTo(200);
        // The cookie lives as long as the session may (12 hours), not past the browser's restart only.
        assertThat(login("198.18.9.10", "admin", Personas.ADMIN_PASSWORD).header("Set-Cookie").orElseThrow())
                .contains("; Max-Age=43200;");
    }

    @Test
    void aChangeWithoutTheCsrfTokenIsRefusedAndStoresNothing() {
        Session session = signIn("198.18.9.2", "admin", Personas.ADMIN_PASSWORD);
        String name = "csrf-" + UUID.randomUUID().toString().substring(0, 8);
        String body = "{\"name\": \"" + name + "\"}";

        Reply refused = as(session, "POST", "api/v1/admin/apps", body, false);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("forbidden");
        assertThat(refused.json().getString("detail")).contains("X-CSRF-Token");
        Reply wrong = http.send("POST", "api/v1/admin/apps", Auth.NONE, "application/json", BodyPublishers.ofString(body),
                Map.of("Cookie", session.cookie(), "X-CSRF-Token", session.csrf().substring(1) + "A"));
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(as(session, "DELETE", "api/v1/session", null, false).status()).isEqualTo(403);
        assertThat(http.get("api/v1/admin/apps", personas.admin()).body()).doesNotContain(name);

        assertThat(as(session, "POST", "api/v1/admin/apps", body, true).status()).isEqualTo(201);
        assertThat(http.get("api/v1/admin/apps", personas.admin()).body()).contains(name);
    }

    @Test
    void signingOutEndsTheSessionAndAnotherSessionLivesOn() {
        Session first = signIn("198.18.9.3", "admin", Personas.ADMIN_PASSWORD);
        Session second = signIn("198.18.9.3", "admin", Personas.ADMIN_PASSWORD);
        Reply out = as(first, "DELETE", "api/v1/session", null, true);
        assertThat(out.status()).isEqualTo(204);
        assertThat(out.header("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        assertThat(as(first, "GET", "api/v1/me", null, false).status()).isEqualTo(401);
        assertThat(as(second, "GET", "api/v1/me", null, false).status()).isEqualTo(200);
    }

    /**
     * A session ends after its idle timeout (30 minutes) and at its lifetime (12 hours), and the
     * stored token is only a hash. Time is moved in the database, so this runs on PostgreSQL, whose
     * rows a test can reach (H2's file is the server's alone).
     */
    @Test
    @EnabledIfSystemProperty(named = "vigil.test.db", matches = "pg")
    void anIdleSessionAndAnOldOneEndAndTheTokenIsStoredHashed() throws Exception {
        Session idle = signIn("198.18.9.9", "admin", Personas.ADMIN_PASSWORD);
        Session old = signIn("198.18.9.9", "admin", Personas.ADMIN_PASSWORD);
        String table = BlackBox.schema().orElseThrow() + ".identity_session";
        String idleToken = idle.cookie().substring("vigil_session=".length());
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select count(*) from " + table + " where token_hash = '" + idleToken + "'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the token itself is never stored").isZero();
            }
            long now = System.currentTimeMillis();
            assertThat(s.executeUpdate("update " + table + " set last_seen_at = " + (now - 29 * 60_000L)
                    + " where token_hash = '" + sha256(idleToken) + "'")).isEqualTo(1);
            assertThat(as(idle, "GET", "api/v1/me", null, false).status()).as("29 minutes idle").isEqualTo(200);
            assertThat(s.executeUpdate("update " + table + " set last_seen_at = " + (now - 31 * 60_000L)
                    + " where token_hash = '" + sha256(idleToken) + "'")).isEqualTo(1);
            assertThat(s.executeUpdate("update " + table + " set expires_at = " + (now - 1)
                    + " where token_hash = '" + sha256(old.cookie().substring("vigil_session=".length())) + "'")).isEqualTo(1);
        }
        Reply ended = as(idle, "GET", "api/v1/me", null, false);
        assertThat(ended.status()).as("31 minutes idle").isEqualTo(401);
        assertThat(ended.header("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        assertThat(as(old, "GET", "api/v1/me", null, false).status()).as("past its lifetime").isEqualTo(401);
    }

    private static String sha256(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void aMemberSessionSeesMemberPagesAndNoOpsPageOrData() {
        Session member = signIn("198.18.9.4", "bob", "bobs-long-password");
        assertThat(as(member, "GET", "api/v1/session", null, false).json().getJsonArray("roles").getString(0))
                .isEqualTo("member");
        assertThat(as(member, "GET", "admin/issues.html", null, false).status()).isEqualTo(200);
        for (String page : new String[] {"index.html", "apps.html", "users.html", "alerts.html", "silences.html",
                "routes.html", "channels.html", "notifications.html", "checks.html", "slos.html", "jobs.html", "queue.html",
                "webhooks.html", "limits.html"}) {
            Reply refused = as(member, "GET", "admin/" + page, null, false);
            assertThat(refused.status()).as(page).isEqualTo(403);
            assertThat(refused.body()).contains("only admins");
        }
        for (String spelled : new String[] {"admin/users.html;x", "admin/%75sers.html", "admin/./users.html"}) {
            assertThat(as(member, "GET", spelled, null, false).status()).as(spelled).isEqualTo(403);
        }
        Reply home = as(member, "GET", "admin/", null, false);
        assertThat(home.status()).isEqualTo(302);
        assertThat(home.header("Location").orElseThrow()).endsWith("/admin/issues.html");
        assertThat(as(member, "GET", "api/v1/admin/apps", null, false).status()).isEqualTo(403);
        assertThat(as(member, "POST", "api/v1/admin/apps", "{\"name\": \"by-bob\"}", true).status()).isEqualTo(403);
        assertThat(as(member, "GET", "api/v1/issue-groups", null, false).status()).isEqualTo(200);
    }

    /**
     * The {@code login} policy (30 in 5 minutes per address) answers 429 once an address has used it
     * up, whatever the password; the same user still signs in from another address.
     */
    @Test
    void repeatedFailedLoginsFromOneAddressAreLockedOut() {
        String from = "198.18.9.5";
        int unauthorized = 0;
        Reply last = null;
        for (int i = 0; i < 31; i++) {
            last = login(from, "admin", "not-the-password-" + i);
            if (last.status() == 401) {
                unauthorized++;
            }
        }
        assertThat(unauthorized).isEqualTo(30);
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.code()).isEqualTo("rate_limited");
        assertThat(last.header("Retry-After")).isPresent();
        // Even the right password waits out the window from there...
        assertThat(login(from, "admin", Personas.ADMIN_PASSWORD).status()).isEqualTo(429);
        // ...and not from elsewhere.
        assertThat(login("198.18.9.6", "admin", Personas.ADMIN_PASSWORD).status()).isEqualTo(200);
    }

    /**
     * A cookie that names no session is cleared, and counts as a failed authentication of its
     * address (as a bad key does): made-up cookies cannot cost a database query each without bound.
     */
    @Test
    void madeUpSessionCookiesAreClearedAndWallTheirAddress() {
        Map<String, String> headers = new HashMap<>(Map.of("X-Forwarded-For", "198.18.9.8"));
        Reply first = null;
        int anonymous = 0;
        Reply last = null;
        for (int i = 0; i < 101; i++) {
            headers.put("Cookie", "vigil_session=" + "made-up-" + i + "-" + "x".repeat(30));
            last = http.send("GET", "api/v1/session", Auth.NONE, null, BodyPublishers.noBody(), headers);
            if (first == null) {
                first = last;
            }
            if (last.status() == 200) {
                anonymous++;
            }
        }
        assertThat(first.header("Set-Cookie").orElseThrow()).startsWith("vigil_session=;").contains("Max-Age=0");
        assertThat(first.json().containsKey("name")).as("no user signed in").isFalse();
        assertThat(anonymous).isEqualTo(100); // auth-failures: 100 an hour, the 101st is refused
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.code()).isEqualTo("rate_limited");
    }

    @Test
    void badLoginsAreAnsweredWithTheTaxonomyAndNoCookie() {
        String from = "198.18.9.7";
        for (String body : new String[] {"{}", "{\"username\": \"admin\"}", "[]", "{\"username\": 1, \"password\": 2}",
                "{\"username\": \"\", \"password\": \"x\"}", "{\"username\": \"" + "a".repeat(65) + "\", \"password\": \"x\"}",
                "{\"username\": \"ad\\u0000min\", \"password\": \"x\"}"}) {
            Reply reply = http.send("POST", "api/v1/session", Auth.NONE, "application/json", BodyPublishers.ofString(body),
                    Map.of("X-Forwarded-For", from));
            assertThat(reply.status()).as(body + " -> " + reply).isBetween(400, 401);
            assertThat(reply.code()).as(body).isIn("invalid_request", "invalid_json", "unauthorized");
            assertThat(reply.header("Set-Cookie")).as(body).isEmpty();
        }
        Reply wrong = login(from, "admin", "wrong-password");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.code()).isEqualTo("unauthorized");
        assertThat(wrong.header("WWW-Authenticate")).isEmpty(); // no browser dialog for a form's failure
    }
}
