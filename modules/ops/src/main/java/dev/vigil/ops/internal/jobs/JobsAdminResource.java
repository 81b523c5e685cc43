package dev.vigil.ops.internal.jobs;

import dev.vigil.kernel.api.Caller;
import dev.vigil.kernel.api.JobRuns;
import dev.vigil.kernel.api.TrackedJob;
import dev.vigil.kernel.api.VigilException;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Job runs are ops data: admin-only like everything under {@code /api/v1/admin}, and again in the
 * data layer ({@link JobHistory}, {@link JobRunLog}).
 */
@Path("/v1/admin/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin: jobs")
@SecurityRequirement(name = "userLogin")
public class JobsAdminResource {

    static final int MAX_RUNS = 500;

    @Inject
    Instance<TrackedJob> jobs;

    @Inject
    JobRuns runs;

    @Inject
    JobHistory history;

    @Inject
    Caller caller;

    @GET
    @Operation(summary = "Every periodic job with its last run, last success, consecutive failures and missed runs")
    public List<JobHistory.Health> jobs() {
        Instant now = Instant.now();
        List<JobHistory.Health> health = new ArrayList<>();
        for (TrackedJob job : sorted()) {
            health.add(history.health(job.name(), job.schedule().every(), now));
        }
        return health;
    }

    @GET
    @Path("{job}/runs")
    @Operation(summary = "Recent runs of one job, newest first")
    public List<JobHistory.Run> runs(@PathParam("job") String name,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        return history.recent(find(name).name(), Math.max(1, Math.min(limit, MAX_RUNS)));
    }

    @POST
    @Path("{job}/runs")
    @Operation(summary = "Run a job now on this server, recorded like a timer's run; answers with its outcome")
    public JobRuns.Outcome runNow(@PathParam("job") String name) {
        TrackedJob job = find(name);
        return runs.run(job, caller.actor());
    }

    private TrackedJob find(String name) {
        return sorted().stream().filter(job -> job.name().equals(name)).findFirst()
                .orElseThrow(() -> VigilException.notFound("Job"));
    }

    private List<TrackedJob> sorted() {
        return jobs.stream().sorted(Comparator.comparing(TrackedJob::name)).toList();
    }
}
