package dev.vigil.web.admin;

import dev.vigil.identity.api.AuthRefusal;
import dev.vigil.kernel.api.Caller;
import dev.vigil.kernel.api.Problem;
import dev.vigil.web.problem.ProblemJson;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The admin UI under {@code /admin/}: static pages whose scripts call the API. Every answer carries
 * a Content-Security-Policy of {@code default-src 'self'} (no inline script or style, nothing from
 * another origin) and is never framed. A page needs a signed-in user (else the login page, with
 * the page to come back to); the ops pages need an admin, and a member asking for one is refused
 * with 403 here, as the API refuses the data behind it. Which pages a member may open is
 * {@link #MEMBER_PAGES}; every other page is an ops page, so a page added without a thought is
 * admin-only. A member who opens {@code /admin/} itself goes to {@link #MEMBER_HOME}.
 */
@WebFilter(urlPatterns = {"/admin", "/admin/*"}, dispatcherTypes = DispatcherType.REQUEST)
public class AdminPages extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** Pages members see: issue reports (and, as they land, uploads and telemetry). */
    static final Set<String> MEMBER_PAGES = Set.of("issues.html", "issue.html", "report.html", "uploads.html",
            "telemetry.html", "releases.html");
    /** Pages anyone may open. */
    static final Set<String> PUBLIC_PAGES = Set.of("login.html");
    /** Where a member lands who opens {@code /admin/} (the overview is ops data). */
    static final String MEMBER_HOME = "issues.html";

    static final String CSP = "default-src 'self'; base-uri 'none'; object-src 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "same-origin");
        String base = request.getContextPath() + "/admin/";
        // The decoded path, without path parameters: no spelling of a page's path (";x", "%75",
        // "./") passes as a script.
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (path.equals("/admin")) {
            response.sendRedirect(base);
            return;
        }
        String page = page(path);
        if (page == null) { // a script, a style, an image: no data in them
            response.setHeader("Cache-Control", "no-cache");
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("Cache-Control", "no-store");
        if (PUBLIC_PAGES.contains(page)) {
            chain.doFilter(request, response);
            return;
        }
        AuthRefusal refusal = AuthRefusal.of(request).orElse(null);
        if (refusal != null) { // credentials were sent and refused: answered as the API does
            refusal.headers().forEach(response::setHeader);
            ProblemJson.send(response, Problem.of(refusal.code(), refusal.detail(), null));
            return;
        }
        Caller caller = Caller.fromAttribute(request.getAttribute(Caller.REQUEST_ATTRIBUTE));
        if (!caller.isUser()) {
            String back = path + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
            response.sendRedirect(base + "login.html?next=" + URLEncoder.encode(back, StandardCharsets.UTF_8));
            return;
        }
        if (!caller.isAdmin() && !MEMBER_PAGES.contains(page)) {
            if (path.equals("/admin/")) {
                response.sendRedirect(base + MEMBER_HOME);
            } else {
                refuse(response, HttpServletResponse.SC_FORBIDDEN, "This page shows ops data, which only admins see.");
            }
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * The page a path names ({@code index.html} for the folder), or null for the scripts, styles and
     * icon, which hold no data. Anything else counts as a page, signed in and checked.
     */
    static String page(String path) {
        String rest = path.substring("/admin/".length());
        if (rest.startsWith("js/") || rest.startsWith("css/") || rest.equals("favicon.svg")) {
            return null;
        }
        return rest.isEmpty() ? "index.html" : rest;
    }

    /** A small page of its own: the refusal in words, a way back, the UI's style. */
    private static void refuse(HttpServletResponse response, int status, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        String text = detail.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        response.getWriter().write("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>Not available · Vigil</title><link rel=\"icon\" href=\"/admin/favicon.svg\">"
                + "<link rel=\"stylesheet\" href=\"/admin/css/vigil.css\"></head><body><main id=\"main\">"
                + "<h1>Not available</h1><p class=\"problem\">" + text + "</p>"
                + "<p><a href=\"/admin/\">Back to Vigil</a></p></main></body></html>");
    }
}
