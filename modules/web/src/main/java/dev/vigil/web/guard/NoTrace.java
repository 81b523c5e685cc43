package dev.vigil.web.guard;

import dev.vigil.kernel.api.ErrorCode;
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

/**
 * {@code 405 method_not_allowed} for TRACE (and TRACK) on every path, before any servlet. No Vigil
 * resource answers them; left to the container, a TRACE that reached a plain servlet (the error
 * page) got Liberty's own {@code 403} in HTML with its internal {@code $WSEP} header (FuzzIT, seed
 * 104372539625776).
 */
@WebFilter(urlPatterns = "/*", dispatcherTypes = DispatcherType.REQUEST)
public class NoTrace extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String method = request.getMethod();
        if ("TRACE".equals(method) || "TRACK".equals(method)) {
            ProblemJson.send(response, Problem.of(ErrorCode.METHOD_NOT_ALLOWED, "This resource does not support the method", null));
            return;
        }
        chain.doFilter(request, response);
    }
}
