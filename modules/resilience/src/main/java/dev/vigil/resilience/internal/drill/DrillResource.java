package dev.vigil.resilience.internal.drill;

import dev.vigil.kernel.api.AuditTrail;
import dev.vigil.kernel.api.Caller;
import dev.vigil.kernel.api.Ids;
import dev.vigil.kernel.api.Transactional;
import dev.vigil.kernel.api.VigilException;
import dev.vigil.resilience.api.JobRequest;
import dev.vigil.resilience.api.WorkQueue;
import dev.vigil.resilience.internal.data.QueueData;
import dev.vigil.resilience.internal.queue.QueueSettings;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Queue drills: an admin queues a burst of test jobs and watches them finish. Without a target the
 * jobs do nothing (or hold a worker for {@code holdMs}); with one, each posts once per attempt to it
 * through the {@code webhook} dependency. {@code record} keeps one row per run, so a job run twice
 * shows. The drill's id is its jobs' partition key.
 */
@Path("/v1/admin/queue/drills")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin: queue")
@SecurityRequirement(name = "userLogin")
public class DrillResource {

    static final int MAX_JOBS = 100_000;

    @Inject
    WorkQueue queue;

    @Inject
    QueueData data;

    @Inject
    QueueSettings settings;

    @Inject
    AuditTrail audit;

    @Inject
    Caller caller;

    /** A drill: how many jobs, and what each does. */
    public record NewDrill(
            @NotNull @Min(1) @Max(MAX_JOBS) Integer jobs,
            @Min(0) @Max(600_000) Long holdMs,
            @Min(0) @Max(86_400_000) Long delayMs,
            Boolean record,
            @Size(max = 2000) @Pattern(regexp = "https?://[^\\s]+") String target) {
    }

    /** A queued drill. */
    public record QueuedDrill(String drill, String kind, int jobs) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "ten no-op jobs", value = "{\"jobs\": 10}")))
    @Operation(summary = "Queue a drill of test jobs (no-op, holding, or one HTTP post per attempt to a target); 503 queue_saturated past the kind's cap")
    public Response start(@Valid @NotNull NewDrill body) {
        String drill = Ids.newId();
        String kind = body.target() == null ? Drills.NOOP_KIND : Drills.HTTP_KIND;
        String host = null;
        if (body.target() != null) {
            try {
                host = URI.create(body.target()).getHost();
            } catch (IllegalArgumentException e) {
                host = null;
            }
            if (host == null) {
                throw VigilException.invalid("target must be an absolute http(s) URL with a host");
            }
        }
        long hold = body.holdMs() == null ? 0 : body.holdMs();
        if (hold > settings.lease().toMillis() / 2) {
            throw VigilException.invalid("holdMs must be at most half the queue's lease (" + settings.lease().toMillis() / 2
                    + " ms): a job must end within it");
        }
        var payload = Json.createObjectBuilder()
                .add("holdMs", hold)
                .add("record", Boolean.TRUE.equals(body.record()));
        if (body.target() != null) {
            payload.add("target", body.target());
        }
        String json = payload.build().toString();
        Duration delay = Duration.ofMillis(body.delayMs() == null ? 0 : body.delayMs());
        List<JobRequest> requests = new ArrayList<>(body.jobs());
        for (int i = 0; i < body.jobs(); i++) {
            requests.add(new JobRequest(kind, drill, json, delay));
        }
        queue.enqueueAll(requests);
        audit.record(caller, "queue.drill.started", "drill:" + drill, "kind=" + kind + " jobs=" + body.jobs()
                + (host == null ? "" : " target=" + host));
        return Response.accepted(new QueuedDrill(drill, kind, body.jobs())).build();
    }

    @GET
    @Path("{drill}")
    @Operation(summary = "A drill's progress: jobs pending and dead, runs recorded (with distinct jobs run), first and last run")
    public QueueData.DrillProgress progress(@PathParam("drill") @Pattern(regexp = "[0-9a-f-]{36}") String drill) {
        return data.drill(drill);
    }
}
