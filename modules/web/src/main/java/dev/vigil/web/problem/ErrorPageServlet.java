package dev.vigil.web.problem;

import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.Problem;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * The container's error page (web.xml): failures outside JAX-RS, such as unknown paths outside
 * {@code /api}, still answer with a problem body and never with an HTML page or a stack trace.
 */
@WebServlet(urlPatterns = "/error")
public class ErrorPageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // Asked for directly (GET /error), there is no failure to describe: no resource is there.
        int status = code instanceof Integer i ? i : 404;
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        // A 4xx (e.g. a static 404 that carries a FileNotFoundException) keeps its status; only a
        // failure that would be a 5xx is worth classifying by its cause.
        Problem problem = status >= 500 && failure instanceof Throwable t
                ? FailureClassifier.classify(t).orElse(Problem.of(ErrorCode.INTERNAL_ERROR, "Unexpected error", null))
                : Problem.of(ErrorCode.forStatus(status), status, ErrorCode.forStatus(status).title(), null,
                        List.of());
        // Liberty marks a response it dispatches to the error page with an internal "$WSEP" header;
        // it means nothing to a client.
        response.setHeader("$WSEP", null);
        ProblemJson.send(response, problem);
    }

    /**
     * Never called ({@link #service} answers every method), but declared: Liberty refuses TRACE to
     * a servlet that does not override it, with its own HTML 403 and internal header, before any
     * filter runs; declared, TRACE reaches {@code NoTrace} and gets a 405 problem.
     */
    @Override
    protected void doTrace(HttpServletRequest request, HttpServletResponse response) throws IOException {
        service(request, response);
    }
}
