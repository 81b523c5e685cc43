package dev.vigil.web.problem;

import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.Ids;
import dev.vigil.kernel.api.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The last resort: anything no other mapper claimed. Known causes get their code; the rest is a
 * 500 with a reference that appears in the log next to the stack trace, never in the response.
 */
@Provider
public class UnexpectedFailureMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedFailureMapper.class.getName());

    @Override
    public Response toResponse(Throwable failure) {
        Problem problem = FailureClassifier.classify(failure).orElseGet(() -> {
            String reference = Ids.newId();
            LOG.log(Level.SEVERE, "Unexpected failure, reference " + reference, failure);
            return Problem.of(ErrorCode.INTERNAL_ERROR, "Unexpected error; reference " + reference, null);
        });
        if (problem.code().equals(ErrorCode.DEPENDENCY_UNAVAILABLE.code())) {
            LOG.warning(() -> "Database unavailable: " + failure);
            return ProblemResponses.builder(problem).header("Retry-After", "5").build();
        }
        if (problem.code().equals(ErrorCode.FORBIDDEN.code())) {
            // Only a guarded data bean refuses here: a resource the path rule lets a caller reach
            // asks for data its role may not read. Worth a look, never a stack trace.
            LOG.warning(() -> "Data access refused by the container: " + failure.getMessage());
        }
        return ProblemResponses.of(problem);
    }
}
