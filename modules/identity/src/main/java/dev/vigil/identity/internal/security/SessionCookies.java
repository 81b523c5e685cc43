package dev.vigil.identity.internal.security;

import dev.vigil.identity.api.AuthRefusal;
import dev.vigil.kernel.api.Caller;
import dev.vigil.kernel.api.DatabaseFailures;
import dev.vigil.limits.api.AuthenticationGuard;
import dev.vigil.limits.api.ClientAddresses;
import dev.vigil.limits.api.Decision;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The authentication mechanism's half for the admin UI: a request without an {@code Authorization}
 * header that carries the session cookie ({@link Sessions}) is its signed-in user's, with the CSRF
 * token on every change.
 */
@ApplicationScoped
class SessionCookies {

    /** The request attribute a signed-in session's request carries its {@link Sessions.Session} under. */
    static final String SESSION_ATTRIBUTE = Sessions.Session.class.getName();
    private static final Logger LOG = Logger.getLogger(SessionCookies.class.getName());
    private static final String SESSION_PATH = "/api/v1/session";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    Sessions sessions;

    @Inject
    SchemaState schema;

    @Inject
    AuthenticationGuard failures;

    @Inject
    ClientAddresses addresses;

    /**
     * A signed-in session of the admin UI (its cookie): the user as they are now (a disabled user's
     * sessions end, a changed role applies at once). A state change must carry the session's CSRF
     * token; a login ignores the cookie (the form holds no token yet). An ended session is no
     * credential: the request goes on as anonymous, the cookie is cleared, and the page signs in
     * again. A token that names no session at all counts as a failed authentication of the address,
     * as a bad key does, so made-up cookies cannot cost a database query each without bound.
     */
    AuthenticationStatus authenticate(HttpServletRequest request, HttpServletResponse response,
                                      HttpMessageContext context) {
        if (!needsCaller(request)) {
            return context.doNothing();
        }
        String token = sessionToken(request);
        boolean login = "POST".equals(request.getMethod())
                && request.getRequestURI().equals(request.getContextPath() + SESSION_PATH);
        if (token == null || login || crossSite(request)) {
            return context.doNothing();
        }
        if (!schema.applied()) {
            return Refusals.leave(AuthRefusal.UNAVAILABLE, request, context);
        }
        List<String> address = List.of(addresses.limitKey(request));
        Optional<Decision> walled = failures.walled(address);
        if (walled.isPresent()) {
            return Refusals.leave(Refusals.blocked(walled.get()), request, context);
        }
        Sessions.Session session = null;
        boolean unknown;
        try {
            Sessions.Found found = sessions.find(token);
            if (found instanceof Sessions.Live live) {
                session = live.session();
            }
            unknown = found instanceof Sessions.Unknown;
        } catch (SQLException | RuntimeException e) {
            LOG.warning(() -> "A session could not be checked"
                    + (DatabaseFailures.isUnavailable(e) ? " (database unavailable): " : ": ") + e);
            return Refusals.leave(AuthRefusal.UNAVAILABLE, request, context);
        }
        if (session == null) {
            response.addHeader("Set-Cookie", sessions.expiredCookie(request.isSecure()));
            if (unknown) {
                Optional<Decision> over = failures.failed(address);
                if (over.isPresent()) {
                    return Refusals.leave(over.get().outcome().isFailure() ? AuthRefusal.UNAVAILABLE : Refusals.blocked(over.get()),
                            request, context);
                }
            }
            return context.doNothing();
        }
        if (!SAFE_METHODS.contains(request.getMethod())
                && !Sessions.csrfMatches(session, request.getHeader(Sessions.CSRF_HEADER))) {
            return Refusals.leave(Refusals.CSRF, request, context);
        }
        request.setAttribute(SESSION_ATTRIBUTE, session);
        CurrentCaller.set(request, Caller.user(session.username(),
                EnumSet.of(session.isAdmin() ? Caller.Role.ADMIN : Caller.Role.MEMBER)));
        return context.notifyContainerAboutLogin(session.username(), Set.of(session.role()));
    }

    /**
     * Whether the request reaches anything that asks who the caller is by a session: the API, and
     * the admin UI's pages (not its scripts, styles and icon, which hold no data). Decided on the
     * decoded path, so no spelling of a page's path passes as a script.
     */
    private static boolean needsCaller(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (path.startsWith("/api/")) {
            return true;
        }
        return (path.equals("/admin") || path.startsWith("/admin/")) && !(path.startsWith("/admin/js/")
                || path.startsWith("/admin/css/") || path.equals("/admin/favicon.svg"));
    }

    /**
     * A request another site (or a sibling origin of this site) made: the browser says so in
     * {@code Sec-Fetch-Site}. It carries no session, whatever cookie came with it, so a page of an
     * origin CORS admits cannot read the session's data or its CSRF token with the user's cookie.
     */
    private static boolean crossSite(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        return "cross-site".equals(site) || "same-site".equals(site);
    }

    /**
     * The session cookie's token: the {@code __Host-} one when the request has it (no other host or
     * path can have set it); else the plain one, when there is exactly one. Two plain ones mean one
     * was planted beside the real one (for another path or a parent domain): neither counts.
     */
    static String sessionToken(HttpServletRequest request) {
        Cookie[] cookies;
        try {
            cookies = request.getCookies();
        } catch (RuntimeException e) {
            return null; // a Cookie header the container cannot parse carries no session
        }
        if (cookies == null) {
            return null;
        }
        String plain = null;
        int plainCount = 0;
        for (Cookie cookie : cookies) {
            if (Sessions.SECURE_COOKIE.equals(cookie.getName())) {
                return cookie.getValue();
            }
            if (Sessions.COOKIE.equals(cookie.getName())) {
                plain = cookie.getValue();
                plainCount++;
            }
        }
        return plainCount == 1 ? plain : null;
    }

}
