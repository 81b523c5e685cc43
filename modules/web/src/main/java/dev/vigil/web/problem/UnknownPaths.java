package dev.vigil.web.problem;

import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.Problem;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import java.io.IOException;
import java.net.MalformedURLException;

/**
 * {@code 404 not_found} for a path that no servlet claims (the API, the error page, a test
 * runner) and that names no file of the application. Left to
 * the container, such a request reaches its static file handler, which fails with an exception
 * that Liberty records as an FFDC incident with a stack trace: a scanner trying paths would fill
 * {@code logs/ffdc/}. A refused request is counted and answered, never an incident.
 */
@WebFilter(urlPatterns = "/*", dispatcherTypes = DispatcherType.REQUEST)
public class UnknownPaths extends HttpFilter {

    private static final long serialVersionUID = 1L;
    /** What a directory path serves, if the application has it. */
    private static final String WELCOME = "index.html";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (!servedAsFile(request) || exists(path.endsWith("/") ? path + WELCOME : path)) {
            chain.doFilter(request, response);
            return;
        }
        ProblemJson.send(response, Problem.of(ErrorCode.NOT_FOUND, "No resource at this path", null));
    }

    /** Whether no servlet of the application claims the path, so the container would look for a file. */
    private static boolean servedAsFile(HttpServletRequest request) {
        HttpServletMapping mapping = request.getHttpServletMapping();
        return mapping == null || mapping.getMappingMatch() == null || mapping.getMappingMatch() == MappingMatch.DEFAULT;
    }

    private boolean exists(String path) {
        try {
            return getServletContext().getResource(path) != null;
        } catch (MalformedURLException e) {
            return false;
        }
    }
}
