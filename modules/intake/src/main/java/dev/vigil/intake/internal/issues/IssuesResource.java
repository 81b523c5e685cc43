package dev.vigil.intake.internal.issues;

import dev.vigil.kernel.api.AppScope;
import dev.vigil.kernel.api.Audience;
import dev.vigil.kernel.api.Caller;
import dev.vigil.kernel.api.Transactional;
import dev.vigil.kernel.api.VigilException;
import dev.vigil.limits.api.Idempotent;
import dev.vigil.limits.api.RateLimited;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.sql.SQLException;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Apps report issues; an app reads its own reports, members and admins read all. One instance
 * serves every request (constructing the resource and its interceptors per request was ~8% of a
 * report's CPU), so the caller is read from each request, never injected.
 */
@ApplicationScoped
@Path("/v1/issues")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "issues")
public class IssuesResource {

    static final String EXAMPLE = "{\"summary\": \"Upload stuck at 99%\", \"description\": \"Tapped retry twice\","
            + " \"clientReportId\": \"r-2026-11-23-0001\","
            + " \"app\": {\"version\": \"2.3.1\", \"build\": \"451\", \"channel\": \"beta\"},"
            + " \"device\": {\"model\": \"Pixel 8\", \"os\": \"android\", \"osVersion\": \"15\", \"locale\": \"de-DE\"},"
            + " \"events\": [{\"type\": \"upload.retry\", \"at\": \"2026-11-23T10:00:00Z\", \"attributes\": {\"attempt\": 3}}],"
            + " \"uploadQueue\": {\"pending\": 3, \"failed\": 1},"
            + " \"flags\": {\"newUploader\": true}, \"metadata\": {\"screen\": \"capture\"}}";

    @Inject
    ReportPreparation preparation;

    @Inject
    IssueIntake intake;

    @Inject
    ReportBatches batches;

    @Inject
    ReportStore reports;

    @Inject
    IssueQueries queries;

    @Inject
    HttpServletRequest request;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Audience(Audience.Who.APP)
    @RateLimited(policy = "issues", key = RateLimited.KeyKind.APP)
    @Idempotent
    @Transactional
    @SecurityRequirement(name = "appKey")
    @Operation(summary = "Report an issue from an app: stored redacted, grouped, answered with its id and group."
            + " The same clientReportId again returns the first report (200); an Idempotency-Key makes any retry safe")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = IssueReport.class),
            examples = @ExampleObject(name = "report", value = EXAMPLE)))
    public Response report(JsonStructure body, @HeaderParam(Idempotent.HEADER) String idempotencyKey)
            throws SQLException {
        IssueReport report = preparation.validate(ReportReader.read(body));
        String appId = caller().appId().orElseThrow(() -> VigilException.notFound("App"));
        ReportPreparation.Prepared prepared = preparation.prepare(appId, report);
        // A report under an Idempotency-Key is stored in this request's transaction, where the key is
        // claimed; every other report is stored with the reports arriving beside it (group commit).
        IssueIntake.Receipt receipt = idempotencyKey != null ? intake.submit(prepared) : batches.submit(prepared);
        return Response.status(receipt.replayed() ? Response.Status.OK : Response.Status.CREATED)
                .entity(Jsons.PROVIDER.createObjectBuilder().add("id", receipt.id()).add("group", receipt.groupId())
                        .build()).build();
    }

    @GET
    @Audience(Audience.Who.USER)
    @SecurityRequirement(name = "userLogin")
    @Operation(summary = "Reports, newest first; filter by app, group status, app version, time range, text")
    public IssueQueries.Page<IssueQueries.ReportRow> list(@Valid @BeanParam ListParams params) throws SQLException {
        return queries.reports(AppScope.of(caller()), params.filter(), params.limit(), params.before());
    }

    @GET
    @Path("{reportId}")
    @Audience({Audience.Who.APP, Audience.Who.USER})
    @SecurityRequirement(name = "appKey")
    @SecurityRequirement(name = "userLogin")
    @Operation(summary = "One report with its event timeline; an app sees only its own reports")
    public JsonObject read(@PathParam("reportId") String id) throws SQLException {
        ReportStore.StoredReport report = reports.byId(AppScope.of(caller()), id)
                .orElseThrow(() -> VigilException.notFound("Report"));
        return view(report);
    }

    private Caller caller() {
        return Caller.fromAttribute(request.getAttribute(Caller.REQUEST_ATTRIBUTE));
    }

    /** The stored report with where it belongs. */
    static JsonObject view(ReportStore.StoredReport report) {
        JsonObjectBuilder view = Jsons.PROVIDER.createObjectBuilder().add("id", report.id()).add("appId", report.appId())
                .add("group", report.groupId()).add("receivedAt", Instant.ofEpochMilli(report.receivedAt()).toString())
                .add("redactions", report.redactions());
        try (JsonReader reader = Jsons.PROVIDER.createReader(new StringReader(report.body()))) {
            reader.readObject().forEach(view::add);
        }
        return view.build();
    }
}
