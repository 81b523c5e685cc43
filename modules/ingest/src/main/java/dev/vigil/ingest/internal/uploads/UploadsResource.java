package dev.vigil.ingest.internal.uploads;

import dev.vigil.kernel.api.AppScope;
import dev.vigil.kernel.api.Audience;
import dev.vigil.kernel.api.Caller;
import dev.vigil.kernel.api.Ids;
import dev.vigil.kernel.api.Transactional;
import dev.vigil.kernel.api.VigilException;
import dev.vigil.limits.api.Idempotent;
import dev.vigil.limits.api.RateLimited;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Apps upload JSON documents ("runs") of admin-registered kinds; an app reads its own uploads,
 * members and admins read all. Every refusal of an app's upload is recorded by
 * {@link FailedUploadRecorder}, whatever refused it.
 */
@ApplicationScoped
@Path("/v1/uploads")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "uploads")
public class UploadsResource {

    static final int MAX_PAGE = 100;

    @Inject
    UploadStore uploads;

    @Inject
    HttpServletRequest request;

    private final Clock clock = Clock.systemUTC();

    @POST
    @Path("{kind}")
    @Audience(Audience.Who.APP)
    @RateLimited(policy = "uploads", key = RateLimited.KeyKind.APP)
    @Idempotent(required = true)
    @UploadEndpoint
    @Transactional
    @SecurityRequirement(name = "appKey")
    @Operation(summary = "Upload a JSON document of a registered kind: checked against the kind's JSON Schema and"
            + " size limit, stored, answered 201 with its id. An Idempotency-Key is required; the same key replays."
            + " A schema violation is 422 with the violations listed; every refusal is kept in the failed-upload log")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "run", value = "{\"runId\": \"r-42\", \"steps\": 12, \"ok\": true}")))
    public Response upload(@PathParam("kind") String kindName) throws SQLException {
        String appId = caller().appId().orElseThrow(() -> VigilException.notFound("App"));
        if (!(request.getAttribute(UploadChecks.CHECKED) instanceof UploadChecks.Checked checked)) {
            throw new IllegalStateException("the upload was not checked"); // UploadChecks runs for every upload
        }
        String id = Ids.newId();
        uploads.insert(new UploadStore.Upload(id, appId, checked.kind().name(), clock.instant(), checked.bytes(),
                UploadRequests.id(request), checked.kind().updatedAt(), checked.text()));
        return Response.status(Response.Status.CREATED).entity(Map.of("id", id)).build();
    }

    @GET
    @Audience({Audience.Who.APP, Audience.Who.USER})
    @SecurityRequirement(name = "appKey")
    @SecurityRequirement(name = "userLogin")
    @Operation(summary = "Uploads, newest first, without their bodies; an app sees only its own. Filter by app and"
            + " kind; page with ?before=<the last id>")
    public List<JsonObject> list(@QueryParam("app") String app, @QueryParam("kind") String kind,
            @QueryParam("before") String before, @QueryParam("limit") @DefaultValue("50") int limit)
            throws SQLException {
        return uploads.list(AppScope.of(caller()), app, kind, before, Pages.limit(limit, MAX_PAGE)).stream()
                .map(UploadsResource::view).toList();
    }

    @GET
    @Path("{kind}/{uploadId}")
    @Audience({Audience.Who.APP, Audience.Who.USER})
    @SecurityRequirement(name = "appKey")
    @SecurityRequirement(name = "userLogin")
    @Operation(summary = "One upload with its body; an app sees only its own")
    public JsonObject read(@PathParam("kind") String kind, @PathParam("uploadId") String id) throws SQLException {
        UploadStore.Upload upload = uploads.byId(AppScope.of(caller()), kind, id)
                .orElseThrow(() -> VigilException.notFound("Upload"));
        JsonObjectBuilder view = Json.createObjectBuilder(view(upload));
        try (JsonReader reader = Json.createReader(new StringReader(upload.body()))) {
            view.add("body", reader.readValue());
        }
        return view.build();
    }

    private static JsonObject view(UploadStore.Upload upload) {
        return Json.createObjectBuilder().add("id", upload.id()).add("appId", upload.appId()).add("kind", upload.kind())
                .add("receivedAt", upload.receivedAt().toString()).add("bytes", upload.bytes())
                .add("requestId", upload.requestId()).add("kindVersion", upload.kindUpdatedAt().toString()).build();
    }

    private Caller caller() {
        return Caller.fromAttribute(request.getAttribute(Caller.REQUEST_ATTRIBUTE));
    }
}
