package dev.vigil.web.problem;

import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.Problem;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Problem bodies for the places outside JAX-RS that write responses themselves. */
public final class ProblemJson {

    private static final Jsonb JSON = JsonbBuilder.create();

    private ProblemJson() {
    }

    public static String write(Problem problem) {
        return JSON.toJson(problem);
    }

    /** Answers with the problem: its status, the code header, no caching, the problem+json body. */
    public static void send(HttpServletResponse response, Problem problem) throws IOException {
        response.setStatus(problem.status());
        response.setHeader(ErrorCode.HEADER, problem.code());
        response.setHeader("Cache-Control", "no-store");
        response.setContentType(Problem.MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(write(problem));
    }
}
