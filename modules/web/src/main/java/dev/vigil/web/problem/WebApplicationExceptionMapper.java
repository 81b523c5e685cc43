package dev.vigil.web.problem;

import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.Problem;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/** JAX-RS's own failures (unknown path, wrong method, wrong media type, unreadable body). */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException failure) {
        int status = failure.getResponse().getStatus();
        Problem problem = FailureClassifier.classify(failure.getCause())
                .orElseGet(() -> Problem.of(ErrorCode.forStatus(status), status, detail(status), null, List.of()));
        Response.ResponseBuilder response = ProblemResponses.builder(problem);
        if (failure instanceof NotAllowedException) {
            response.header(HttpHeaders.ALLOW, failure.getResponse().getHeaderString(HttpHeaders.ALLOW));
        }
        return response.build();
    }

    private static String detail(int status) {
        return switch (status) {
            case 404 -> "No resource at this path";
            case 405 -> "This resource does not support the method";
            case 406 -> "No representation matches the Accept header";
            case 415 -> "This resource does not accept the content type";
            case 400 -> "The request could not be read";
            default -> "The request could not be processed";
        };
    }
}
