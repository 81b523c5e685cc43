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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Sees every answer of the upload endpoint after its transaction has ended, whatever gave it (the
 * resource, the idempotency or size guards, the JSON guard, a database failure): counts it, and
 * records each refusal of an authenticated app in the failed-upload log, under the registered kind
 * it was for, or {@code unknown} (the name the app used is in the detail: apps cannot add kinds to the
 * log, the daily counts or the digest). Not recorded: answers to callers that are no app (nothing to
 * attribute them to), {@code rate_limited} (the app is told to retry later; a flood must not grow the
 * log), {@code idempotency_in_flight} (the original is still running and decides), and an app's
 * refusals beyond {@link #DAILY_CAP} a day on this server (counted instead). A body over the
 * server's own limit is refused before the endpoint is matched and reaches no endpoint's log.
 */
@Provider
@UploadEndpoint
@Priority(Priorities.USER)
public class FailedUploadRecorder implements ContainerResponseFilter {

    static final String UNKNOWN = "unknown";
    private static final Logger LOG = Logger.getLogger(FailedUploadRecorder.class.getName());
    private static final Set<String> NOT_RECORDED = Set.of(ErrorCode.RATE_LIMITED.code(),
            ErrorCode.IDEMPOTENCY_IN_FLIGHT.code());
    /** Refusals recorded per app and UTC day on one server; more are only counted. */
    static final int DAILY_CAP = 10_000;
    private static final int TRACKED_APPS = 10_000;

    private final Map<String, long[]> recordedToday = new LinkedHashMap<>(16, 0.75f, true);

    @Context
    HttpServletRequest request;

    @Inject
    FailedUploads failed;

    @Inject
    IngestMetrics metrics;

    @Inject
    UploadKindData kinds;

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
        Caller caller = Caller.fromAttribute(request.getAttribute(Caller.REQUEST_ATTRIBUTE));
        if (kind == null && caller.isApp() && !reason.equals(ErrorCode.NOT_FOUND.code())) {
            kind = known(asked); // refused before the kind was looked up (Idempotency-Key, JSON guard)
        }
        metrics.upload(kind, reason);
        if (!caller.isApp() || NOT_RECORDED.contains(reason)) {
            return;
        }
        String appId = caller.appId().orElseThrow();
        if (!underCap(appId)) {
            metrics.unrecorded("cap");
            return;
        }
        String detail = (kind == null ? "kind \"" + FailedUploads.clip(asked, FailedUploads.MAX_KIND) + "\": " : "")
                + detail(response);
        try {
            failed.record(new FailedUploads.Failed(Ids.newId(), appId, kind == null ? UNKNOWN : kind, reason, status,
                    detail, requestId, clock.instant(), UploadRequests.bytes(request)));
        } catch (SQLException | RuntimeException e) {
            metrics.unrecorded("error");
            LOG.warning(() -> "A refused upload (" + reason + ", request " + requestId + ") could not be recorded: " + e);
        }
    }

    /** The kind the app named if it is registered, else null; a failed lookup is null too (the refusal stands). */
    private String known(String asked) {
        try {
            return UploadKind.plausibleName(asked) && kinds.find(asked).isPresent() ? asked : null;
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    private boolean underCap(String appId) {
        long day = clock.millis() / 86_400_000L;
        synchronized (recordedToday) {
            long[] seen = recordedToday.computeIfAbsent(appId, a -> new long[] {day, 0});
            if (seen[0] != day) {
                seen[0] = day;
                seen[1] = 0;
            }
            if (recordedToday.size() > TRACKED_APPS) {
                recordedToday.remove(recordedToday.keySet().iterator().next());
            }
            return ++seen[1] <= DAILY_CAP;
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
