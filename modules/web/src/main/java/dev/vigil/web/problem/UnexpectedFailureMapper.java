package dev.vigil.web.problem;

import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.Ids;
import dev.vigil.kernel.api.Problem;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * The last resort: anything no other mapper claimed. Known causes get their code; the rest is a
 * 500 with a reference that appears in the log next to the stack trace, never in the response.
 */
@Provider
public class UnexpectedFailureMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedFailureMapper.class.getName());
    private static final Metadata ACCESS_REFUSALS = Metadata.builder().withName("vigil_data_access_refusals")
            .withDescription("Calls of a guarded data bean the container refused to the caller's role").build();
    private static final long LOG_EVERY_MILLIS = 60_000;

    @Inject
    MetricRegistry metrics;

    private final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE / 2);

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
        FailureClassifier.accessRefusal(failure).ifPresent(this::refused);
        return ProblemResponses.of(problem);
    }

    /**
     * A guarded data bean refused the caller: a resource the path rule lets a caller reach asks
     * for data its role may not read, or the system identity is not bound. Counted; logged at most
     * once a minute, so a caller cannot fill the log.
     */
    private void refused(Throwable refusal) {
        metrics.counter(ACCESS_REFUSALS).inc();
        long now = System.currentTimeMillis();
        long last = lastLogged.get();
        if (now - last >= LOG_EVERY_MILLIS && lastLogged.compareAndSet(last, now)) {
            LOG.warning(() -> "Data access refused by the container (counted in vigil_data_access_refusals_total;"
                    + " logged at most once a minute): " + refusal.getMessage());
        }
    }
}
