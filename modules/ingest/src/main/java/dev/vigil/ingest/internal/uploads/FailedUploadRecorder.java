package dev.vigil.ingest.internal.uploads;

import dev.vigil.kernel.api.Caller;
import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.Ids;
import dev.vigil.kernel.api.Problem;
import dev.vigil.limits.api.Idempotent;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Sees every answer of the upload endpoint after its transaction has ended, whatever gave it (the
 * resource, the idempotency or size guards, the JSON guard, a database failure): counts it, and
 * records each refusal of an authenticated app in the failed-upload log. Not recorded: answers to
 * callers that are no app (nothing to attribute them to), {@code 429} (the app is told to retry
 * later; a flood must not grow the log) and {@code 409 idempotency_in_flight} (the original is still
 * running and decides). A body over the server's own limit is refused before the endpoint is
 * matched and reaches no endpoint's log.
 */
@Provider
@RecordedWhenRefused
@Priority(Priorities.USER)
public class FailedUploadRecorder implements ContainerResponseFilter {

    private static final Logger LOG = Logger.getLogger(FailedUploadRecorder.class.getName());
    private static final Set<Integer> NOT_RECORDED = Set.of(409, 429);

    @Context
    HttpServletRequest request;

    @Inject
    FailedUploads failed;

    @Inject
    IngestMetrics metrics;

    private final Clock clock = Clock.systemUTC();

    @Override
    public void filter(ContainerRequestContext requestContext, ContainerResponseContext response) {
        String requestId = UploadRequests.id(request);
        response.getHeaders().putSingle(UploadRequests.HEADER, requestId);
        String kind = UploadRequests.registeredKind(request);
        int status = response.getStatus();
        String asked = requestContext.getUriInfo().getPathParameters().getFirst("kind");
        if (status < 400) {
            // A replay is answered before the kind is looked up, and only for a kind that took the original.
            boolean replayed = response.getHeaders().containsKey(Idempotent.REPLAYED);
            metrics.upload(replayed ? asked : kind, replayed ? "replayed" : "stored");
            return;
        }
        String reason = reason(response);
        metrics.upload(kind, reason);
        Caller caller = Caller.fromAttribute(request.getAttribute(Caller.REQUEST_ATTRIBUTE));
        if (!caller.isApp() || NOT_RECORDED.contains(status)) {
            return;
        }
        try {
            failed.record(new FailedUploads.Failed(Ids.newId(), caller.appId().orElseThrow(), asked, reason, status,
                    detail(response), requestId, clock.instant(), Math.max(0, request.getContentLengthLong())));
        } catch (SQLException | RuntimeException e) {
            metrics.unrecorded();
            LOG.warning(() -> "A refused upload (" + reason + ", request " + requestId + ") could not be recorded: " + e);
        }
    }

    private static String reason(ContainerResponseContext response) {
        String code = response.getHeaderString(ErrorCode.HEADER);
        if (code != null && ErrorCode.fromCode(code).isPresent()) {
            return code;
        }
        return response.getEntity() instanceof Problem problem ? problem.code() : ErrorCode.INTERNAL_ERROR.code();
    }

    /** The answer's detail and its listed violations, as the app was told them. */
    private static String detail(ContainerResponseContext response) {
        if (!(response.getEntity() instanceof Problem problem)) {
            return "";
        }
        String detail = problem.detail() == null ? "" : problem.detail();
        if (problem.errors().isEmpty()) {
            return detail;
        }
        return detail + ": " + problem.errors().stream().map(e -> e.field() + " " + e.message())
                .collect(Collectors.joining("; "));
    }
}
