package dev.vigil.web.problem;

import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.Problem;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Builds the one response shape every error takes. */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    public static Response of(ErrorCode code, String detail) {
        return of(Problem.of(code, detail, null));
    }

    public static Response of(ErrorCode code, int status, String detail, List<Problem.FieldError> errors) {
        return of(Problem.of(code, status, detail, null, errors));
    }

    public static Response of(Problem problem) {
        return builder(problem).build();
    }

    public static Response.ResponseBuilder builder(Problem problem) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .header(ErrorCode.HEADER, problem.code())
                .header("Cache-Control", "no-store")
                .entity(problem);
    }
}
