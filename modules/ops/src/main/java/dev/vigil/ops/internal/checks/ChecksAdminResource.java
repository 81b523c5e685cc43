package dev.vigil.ops.internal.checks;

import dev.vigil.kernel.api.VigilException;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Job checks are ops data: every app's checks and Vigil's own, admin-only like everything under
 * {@code /api/v1/admin}, and again in the data layer ({@link CheckBook}). Checks read and write in
 * healthchecks.io's v3 field names, with Vigil's fields added.
 */
@Path("/v1/admin/checks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin: job checks")
@SecurityRequirement(name = "userLogin")
public class ChecksAdminResource {

    static final String EXAMPLE = "{\"app\": \"0f5c3d1e-1111-4a2b-9c3d-123456789abc\", \"name\": \"nightly backup\","
            + " \"slug\": \"nightly-backup\", \"tags\": \"prod db\", \"schedule\": \"30 2 * * *\", \"tz\": \"Europe/Berlin\","
            + " \"grace\": 3600, \"max_runtime\": 1800, \"failures\": 2}";

    @Inject
    CheckBook book;

    @Inject
    ChecksService service;

    @Context
    UriInfo uri;

    @GET
    @Operation(summary = "Every check (each app's and Vigil's own jobs') with its status, by name")
    public List<Map<String, Object>> list() {
        Instant now = Instant.now();
        return book.list().stream().map(check -> CheckViews.admin(check, root(), now)).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a check of an app: period (timeout) or cron schedule with tz, grace, max_runtime, failures;"
            + " uuid keeps a check's id from healthchecks.io, so its ping URLs only change host")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "cron", value = EXAMPLE)))
    public Response create(JsonStructure body) {
        JsonObject json = object(body);
        String app = json.get("app") instanceof JsonString s ? s.getString() : null;
        String uuid = null;
        if (json.containsKey("uuid")) {
            if (!(json.get("uuid") instanceof JsonString given) || !PingRoute.UUID_TEXT.matcher(given.getString()).matches()) {
                throw VigilException.invalid("uuid is not a UUID (e.g. a check's uuid at healthchecks.io, kept so its"
                        + " ping URLs keep working)");
            }
            uuid = given.getString().toLowerCase(java.util.Locale.ROOT);
        }
        Check check = book.create(CheckSpec.of(json), app, uuid);
        return Response.status(201).entity(CheckViews.admin(check, root(), Instant.now())).build();
    }

    @GET
    @Path("{checkId}")
    @Operation(summary = "One check")
    public Map<String, Object> get(@PathParam("checkId") String id) {
        return CheckViews.admin(book.get(id), root(), Instant.now());
    }

    @PUT
    @Path("{checkId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a check's settings; fields left out keep their values")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "grace", value = "{\"grace\": 7200, \"failures\": 3}")))
    public Map<String, Object> update(@PathParam("checkId") String id, JsonStructure body) {
        JsonObject json = object(body);
        if (json.containsKey("app") || json.containsKey("uuid")) {
            throw VigilException.invalid("A check's app and uuid cannot change");
        }
        return CheckViews.admin(book.update(id, CheckSpec.of(json)), root(), Instant.now());
    }

    @POST
    @Path("{checkId}/pause")
    @Operation(summary = "Pause a check: not watched until its next ping (or a resume, when it needs a manual one)")
    public Map<String, Object> pause(@PathParam("checkId") String id) {
        return CheckViews.admin(service.pause(id), root(), Instant.now());
    }

    @POST
    @Path("{checkId}/resume")
    @Operation(summary = "Resume a paused check: new again until its next ping")
    public Map<String, Object> resume(@PathParam("checkId") String id) {
        return CheckViews.admin(service.resume(id), root(), Instant.now());
    }

    @DELETE
    @Path("{checkId}")
    @Operation(summary = "Delete a check with its pings and flips; its alert, if down, is resolved")
    public Map<String, Object> delete(@PathParam("checkId") String id) {
        return CheckViews.admin(service.delete(id), root(), Instant.now());
    }

    @GET
    @Path("{checkId}/pings")
    @Operation(summary = "The check's last pings (vigil.ops.checks.keep-pings, 100 by default), newest first, with bodies")
    public List<Map<String, Object>> pings(@PathParam("checkId") String id) {
        return book.pings(id).stream().map(p -> CheckViews.ping(p, true)).toList();
    }

    @GET
    @Path("{checkId}/flips")
    @Operation(summary = "The check's status changes in the last days (default 30), newest first")
    public List<Map<String, Object>> flips(@PathParam("checkId") String id, @QueryParam("days") @DefaultValue("30") int days) {
        Instant since = Instant.now().minus(Duration.ofDays(Math.max(1, Math.min(days, 3650))));
        return book.flips(id, since, 1000).stream().map(f -> CheckViews.flip(f, true)).toList();
    }

    @GET
    @Path("{checkId}/minutes")
    @Operation(summary = "Per-minute good and total runs (a success is good; a failure or a missed run is not), for SLOs")
    public List<Map<String, Object>> minutes(@PathParam("checkId") String id,
            @QueryParam("hours") @DefaultValue("24") int hours) {
        Instant from = Instant.now().minus(Duration.ofHours(Math.max(1, Math.min(hours, 24 * 90))));
        return book.minutes(id, from, 10_000).stream().map(m -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("minute", CheckViews.iso(Instant.ofEpochSecond(m[0] * 60)));
            row.put("good", m[1]);
            row.put("total", m[2]);
            return row;
        }).toList();
    }

    @POST
    @Path("ping-keys")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A new ping key for an app (the old one stops working), shown once: /ping/<key>/<slug> pings"
            + " its checks by slug, ?create=1 makes missing ones")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "app", value = "{\"app\": \"0f5c3d1e-1111-4a2b-9c3d-123456789abc\"}")))
    public Response pingKey(JsonStructure body) {
        JsonObject json = object(body);
        if (!(json.get("app") instanceof JsonString app) || app.getString().isBlank() || app.getString().length() > 36
                || json.size() != 1) {
            throw VigilException.invalid("Send {\"app\": \"<app id>\"} and nothing else");
        }
        String key = book.newPingKey(app.getString());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("app", app.getString());
        view.put("ping_key", key);
        view.put("ping_url", root().resolve("ping/" + key + "/").toString());
        return Response.status(201).entity(view).build();
    }

    private URI root() {
        return uri.getBaseUri().resolve("../");
    }

    static JsonObject object(JsonStructure body) {
        if (!(body instanceof JsonObject json)) {
            throw VigilException.invalid("A JSON object is required");
        }
        return json;
    }
}
