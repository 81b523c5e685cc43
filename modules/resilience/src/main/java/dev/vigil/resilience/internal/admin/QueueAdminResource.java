package dev.vigil.resilience.internal.admin;

import dev.vigil.kernel.api.AuditTrail;
import dev.vigil.kernel.api.Caller;
import dev.vigil.kernel.api.Transactional;
import dev.vigil.kernel.api.VigilException;
import dev.vigil.resilience.internal.data.QueueData;
import dev.vigil.resilience.internal.data.QueueJob;
import dev.vigil.resilience.internal.queue.Dispatcher;
import dev.vigil.resilience.internal.queue.QueueService;
import dev.vigil.resilience.internal.queue.QueueSettings;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The work queue for admins: a summary per kind, jobs by state, and retry or discard of dead jobs (audited). */
@Path("/v1/admin/queue")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin: queue")
@SecurityRequirement(name = "userLogin")
public class QueueAdminResource {

    static final int MAX_JOBS = 500;
    static final String ID = "[0-9a-f-]{36}";

    @Inject
    QueueData data;

    @Inject
    QueueSettings settings;

    @Inject
    Dispatcher dispatcher;

    @Inject
    QueueService queue;

    @Inject
    AuditTrail audit;

    @Inject
    Caller caller;

    /** One kind: jobs queued, running (leased on any server) and dead, the oldest queued job's age, and the caps. */
    public record KindSummary(String kind, long queued, long running, long dead, long oldestQueuedAgeSeconds,
            int maxQueued, int maxRunningPerServer, int maxAttempts, long ttlSeconds) {
    }

    @GET
    @Operation(summary = "Jobs per kind: queued, running, dead, the oldest queued job's age, and the kind's caps")
    public List<KindSummary> summary() {
        List<QueueData.Count> counts = data.counts();
        TreeSet<String> kinds = new TreeSet<>(dispatcher.kinds());
        counts.forEach(c -> kinds.add(c.kind()));
        long now = System.currentTimeMillis();
        List<KindSummary> summary = new ArrayList<>();
        for (String kind : kinds) {
            long queued = 0;
            long running = 0;
            long dead = 0;
            long oldest = 0;
            for (QueueData.Count c : counts) {
                if (!c.kind().equals(kind)) {
                    continue;
                }
                switch (c.state()) {
                    case "queued" -> {
                        queued = c.jobs();
                        oldest = Math.max(0, (now - c.oldestCreatedAt().toEpochMilli()) / 1000);
                    }
                    case "running" -> running = c.jobs();
                    default -> dead = c.jobs();
                }
            }
            QueueSettings.KindLimits limits = settings.limits(kind);
            summary.add(new KindSummary(kind, queued, running, dead, oldest, limits.maxQueued(), limits.maxRunning(),
                    limits.maxAttempts(), limits.ttl().toSeconds()));
        }
        return summary;
    }

    @GET
    @Path("jobs")
    @Operation(summary = "Jobs in one state (queued, running or dead, the default), newest first; dead ones with their reason")
    public List<QueueJob.View> jobs(
            @QueryParam("state") @DefaultValue("dead") @Pattern(regexp = "queued|running|dead") String state,
            @QueryParam("kind") @Size(max = 64) String kind,
            @QueryParam("partition") @Size(max = 255) String partition,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        return data.jobs(state, kind, partition, Math.max(1, Math.min(limit, MAX_JOBS)));
    }

    @GET
    @Path("jobs/{jobId}")
    @Operation(summary = "One job")
    public QueueJob.View job(@PathParam("jobId") @Pattern(regexp = ID) String id) {
        return data.job(id).orElseThrow(() -> VigilException.notFound("Job"));
    }

    @POST
    @Path("jobs/{jobId}/retry")
    @Operation(summary = "Queue a dead job again, with fresh attempts and time to live")
    @Transactional
    public QueueJob.View retry(@PathParam("jobId") @Pattern(regexp = ID) String id) {
        QueueJob.View job = data.job(id).filter(j -> "dead".equals(j.state()))
                .orElseThrow(() -> VigilException.notFound("Dead job"));
        QueueSettings.KindLimits limits = settings.limits(job.kind());
        if (!data.retry(id, limits.maxAttempts(), limits.ttl().toMillis(), Instant.now().toEpochMilli())) {
            throw VigilException.notFound("Dead job");
        }
        audit.record(caller, "queue.job.retried", "job:" + id, "kind=" + job.kind());
        queue.wakeAfterCommit();
        return data.job(id).orElseThrow(() -> VigilException.notFound("Job"));
    }

    @DELETE
    @Path("jobs/{jobId}")
    @Operation(summary = "Discard a dead job")
    @Transactional
    public Response discard(@PathParam("jobId") @Pattern(regexp = ID) String id) {
        QueueJob.View job = data.job(id).filter(j -> "dead".equals(j.state()))
                .orElseThrow(() -> VigilException.notFound("Dead job"));
        if (!data.discard(id)) {
            throw VigilException.notFound("Dead job");
        }
        audit.record(caller, "queue.job.discarded", "job:" + id, "kind=" + job.kind());
        return Response.noContent().build();
    }
}
