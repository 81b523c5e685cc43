package dev.vigil.limits.internal.idempotency;

import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.limits.api.Idempotent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/** Turns a stored outcome into the answer for a repeated key, and counts it. */
@ApplicationScoped
public class Replays {

    private static final Metadata IDEMPOTENCY_OUTCOMES = Metadata.builder().withName("vigil_idempotency_outcomes")
            .withDescription("Requests with an Idempotency-Key per outcome").build();
    private static final Metadata IDEMPOTENCY_REPLAYS = Metadata.builder().withName("vigil_idempotency_replays")
            .withDescription("Stored answers replayed for a repeated Idempotency-Key").build();

    @Inject
    MetricRegistry metrics;

    Response answer(StoredOutcome stored, List<String> fingerprints) {
        StoredOutcome.Verdict verdict = stored.judge(fingerprints);
        metrics.counter(IDEMPOTENCY_OUTCOMES, new Tag("outcome", verdict.name().toLowerCase())).inc();
        return switch (verdict) {
            case MISMATCH -> IdempotencyFilter.problem(ErrorCode.IDEMPOTENCY_MISMATCH,
                    "This " + Idempotent.HEADER + " was used with a different request");
            case IN_FLIGHT -> Response.fromResponse(IdempotencyFilter.problem(ErrorCode.IDEMPOTENCY_IN_FLIGHT,
                    "The request with this " + Idempotent.HEADER + " is still being processed")).header("Retry-After", "1")
                    .build();
            case REPLAY -> {
                metrics.counter(IDEMPOTENCY_REPLAYS).inc();
                StoredOutcome.Answer answer = stored.answer().orElseThrow();
                Response.ResponseBuilder replay = Response.status(answer.status()).header(Idempotent.REPLAYED, "true");
                if (answer.body() != null) {
                    replay.entity(answer.body()).type(answer.contentType());
                }
                if (answer.location() != null) {
                    replay.header("Location", answer.location());
                }
                yield replay.build();
            }
        };
    }
}
