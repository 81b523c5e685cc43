package dev.vigil.ops.internal.checks;

import dev.vigil.limits.api.ClientAddresses;
import dev.vigil.limits.api.Decision;
import dev.vigil.limits.api.Policies;
import dev.vigil.limits.api.RateLimitHeaders;
import dev.vigil.limits.api.RateLimiter;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * healthchecks.io's ping API at the root: {@code /ping/<uuid>[/start|/fail|/log|/<exit status>]} and
 * {@code /ping/<ping key>/<slug>[/...]} ({@code ?create=1} makes a missing slug's check), by GET, HEAD
 * or POST, with {@code ?rid=<uuid>} pairing a start with its end. Answers in plain text like
 * healthchecks.io, whose clients read these bodies: {@code OK} (201 {@code Created}), 404
 * {@code not found}, 409 {@code ambiguous slug}, 400 {@code invalid url format} or
 * {@code invalid uuid format}; beyond healthchecks.io, 429 {@code rate limited} (policy
 * {@code ping}, per client address) and 503 {@code unavailable} while the database is.
 *
 * <p>A body is kept up to {@code vigil.ops.checks.ping-body-limit} bytes (the rest is read and
 * dropped, up to {@link #MAX_DRAIN}), with the user agent (200 characters) and the client address.
 * Acknowledged means committed: {@code OK} is sent after the ping's transaction commits, which the
 * {@link PingWriter} shares among the pings that arrive together.
 */
@WebServlet(urlPatterns = "/ping/*")
public class PingServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(PingServlet.class.getName());
    /** Past this much of a body, reading stops (the connection is then closed by the container). */
    static final long MAX_DRAIN = 10L * 1024 * 1024;
    /** Longest wait for a writer to take the ping (then dropped, 503), and again for its commit. */
    private static final java.time.Duration WAIT = java.time.Duration.ofSeconds(20);

    @Inject
    transient CheckBook book;

    @Inject
    transient PingWriter writer;

    @Inject
    transient CheckAlerts alerts;

    @Inject
    transient CheckMetrics metrics;

    @Inject
    transient CheckSettings settings;

    @Inject
    transient RateLimiter limiter;

    @Inject
    transient Policies policies;

    @Inject
    transient ClientAddresses addresses;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method) && !"POST".equals(method)) {
            response.setHeader("Allow", "GET, HEAD, POST");
            answer(response, 405, "method not allowed", "invalid");
            return;
        }
        Decision decision = limiter.acquire(policies.get("ping"), addresses.limitKey(request));
        if (!decision.allowed()) {
            RateLimitHeaders.of(decision).forEach(response::setHeader);
            answer(response, 429, "rate limited", "limited");
            return;
        }
        PingRoute route;
        try {
            route = PingRoute.of(request.getPathInfo());
        } catch (IllegalArgumentException e) {
            answer(response, 400, "invalid url format", "invalid");
            return;
        }
        if (route == null) {
            answer(response, 404, "not found", "unknown");
            return;
        }
        String rid = query(request, "rid");
        if (rid != null && !PingRoute.UUID_TEXT.matcher(rid).matches()) {
            answer(response, 400, "invalid uuid format", "invalid");
            return;
        }
        try {
            ping(request, response, route, rid == null ? null : rid.toLowerCase(java.util.Locale.ROOT));
        } catch (IOException e) {
            // The client went away mid-body or mid-answer: nothing to answer, nothing worth a stack trace.
            metrics.ping("aborted");
            LOG.fine(() -> "Ping connection lost: " + e);
        } catch (RuntimeException e) {
            // One line, no stack trace: while the database is down every ping would log one.
            LOG.warning(() -> "Ping not recorded: " + e);
            response.setHeader("Retry-After", "5");
            answer(response, 503, "unavailable", "unavailable");
        }
    }

    private void ping(HttpServletRequest request, HttpServletResponse response, PingRoute route, String rid)
            throws IOException {
        Body body = read(request.getInputStream(), settings.pingBodyLimit());
        // A uuid names the check itself (the ledger finds it missing, or one of Vigil's jobs, and records
        // nothing); a ping key and slug are looked up first, and maybe created.
        CheckBook.Resolved resolved = route.uuid() != null ? new CheckBook.Resolved(route.uuid(), CheckBook.Found.OK)
                : book.resolve(new CheckBook.Target(route.pingKey(), route.slug(), "1".equals(query(request, "create"))));
        switch (resolved.found()) {
            case NOT_FOUND, CAPPED -> {
                answer(response, 404, "not found", "unknown");
                return;
            }
            case AMBIGUOUS -> {
                answer(response, 409, "ambiguous slug", "ambiguous");
                return;
            }
            default -> {
                // found or created
            }
        }
        String userAgent = request.getHeader("User-Agent");
        Optional<CheckBook.Changed> changed = written(writer.write(resolved.checkId(),
                new CheckBook.Received(route.action(), route.exitStatus(), rid, request.getMethod(), request.getScheme(),
                        clip(addresses.of(request), 64), clip(userAgent == null ? "" : userAgent, 200), body.text(),
                        body.bytes())));
        if (changed.isEmpty()) {
            answer(response, 404, "not found", "unknown");
            return;
        }
        CheckBook.Changed change = changed.get();
        metrics.ping(effectiveKind(change, route));
        if (change.durationMs() != null) {
            metrics.run(change.check(), change.durationMs());
        }
        alerts.deliver(change);
        response.setHeader("Ping-Body-Limit", Integer.toString(settings.pingBodyLimit()));
        response.setHeader("Access-Control-Allow-Origin", "*");
        response.setHeader("Cache-Control", "no-cache, no-store, must-revalidate, private, max-age=0");
        boolean created = resolved.found() == CheckBook.Found.CREATED;
        answer(response, created ? 201 : 200, created ? "Created" : "OK", null);
    }

    /**
     * The ping's change once committed; its failure, or no commit, as a runtime exception (503). Past
     * {@link #WAIT} a ping no writer has taken is abandoned (never written); one being written is
     * waited for as long again, so a ping answered 503 was, as far as can be told, not recorded.
     */
    private static Optional<CheckBook.Changed> written(PingWriter.Ticket ticket) {
        try {
            try {
                return ticket.done().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (ticket.abandon()) {
                    throw new IllegalStateException("ping not taken by a writer within " + WAIT + "; dropped");
                }
                return ticket.done().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("ping's transaction not ended within " + WAIT.multipliedBy(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the ping was written");
        }
    }

    private static String effectiveKind(CheckBook.Changed change, PingRoute route) {
        // An ignored ping (a paused check waiting for a manual resume) shows as ign; otherwise what the path asked.
        return Check.PAUSED.equals(change.check().status()) && change.check().manualResume() ? "ign"
                : route.action().value();
    }

    /** A body's kept text (NULs replaced: PostgreSQL text holds none) and its full size in bytes. */
    record Body(String text, long bytes) {
    }

    static Body read(InputStream in, int limit) throws IOException {
        byte[] buffer = new byte[8192];
        int n = in.read(buffer);
        if (n <= 0) {
            return new Body(null, 0); // most pings: no body, and no room kept for one
        }
        byte[] kept = new byte[limit];
        int keptBytes = 0;
        long total = 0;
        do {
            int room = Math.min(n, limit - keptBytes);
            if (room > 0) {
                System.arraycopy(buffer, 0, kept, keptBytes, room);
                keptBytes += room;
            }
            total += n;
        } while (total < MAX_DRAIN && (n = in.read(buffer)) > 0);
        String text = new String(kept, 0, keptBytes, StandardCharsets.UTF_8).replace('\u0000', '\uFFFD');
        return new Body(text, total);
    }

    /**
     * A query parameter, from the query string only: the container's getParameter would read a form
     * body (curl's --data-raw sends one) as parameters, and the ping's body would be lost.
     */
    static String query(HttpServletRequest request, String name) {
        String query = request.getQueryString();
        if (query == null || query.length() > 2000) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                try {
                    return eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return pair.substring(eq + 1);
                }
            }
        }
        return null;
    }

    private void answer(HttpServletResponse response, int status, String text, String kind) throws IOException {
        if (kind != null) {
            metrics.ping(kind);
        }
        response.setStatus(status);
        response.setContentType("text/plain; charset=utf-8");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static String clip(String text, int max) {
        String clean = text == null ? "" : text.replace('\u0000', '\uFFFD');
        return clean.length() <= max ? clean : clean.substring(0, max);
    }
}
