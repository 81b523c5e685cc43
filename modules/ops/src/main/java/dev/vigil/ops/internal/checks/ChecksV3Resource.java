package dev.vigil.ops.internal.checks;

import dev.vigil.kernel.api.Audience;
import dev.vigil.kernel.api.Audience.Who;
import dev.vigil.kernel.api.VigilException;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A subset of healthchecks.io's Management API v3, so its scripts and tools keep working against
 * Vigil: list, create (with {@code unique}), read, update, delete, pause, resume, pings and flips of
 * the calling app's checks. The app's key goes in {@code X-Api-Key}, as healthchecks.io's does (or
 * as {@code Authorization: Bearer}); an app sees only its own checks, scoped in {@link CheckBook}.
 * Errors are Vigil's problem documents.
 */
@Path("/v3/checks")
@Produces(MediaType.APPLICATION_JSON)
@Audience(Who.APP)
@Tag(name = "healthchecks.io v3 (job checks)")
@SecurityRequirement(name = "appKey")
public class ChecksV3Resource {

    private static final Set<String> UNIQUE = Set.of("name", "slug", "tags", "timeout", "grace");

    @Inject
    CheckBook book;

    @Inject
    ChecksService service;

    @Context
    UriInfo uri;

    @GET
    @Path("/")
    @Operation(summary = "The app's checks, optionally those with a slug or all of some tags")
    public Map<String, Object> list(@QueryParam("slug") String slug, @QueryParam("tag") List<String> tags) {
        Instant now = Instant.now();
        return Map.of("checks", book.list().stream()
                .filter(c -> slug == null || slug.equals(c.slug()))
                .filter(c -> tags == null || List.of(c.tags().split(" ")).containsAll(tags))
                .map(c -> CheckViews.v3(c, root(), now)).toList());
    }

    @POST
    @Path("/")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a check (201), or with unique: [fields] update the matching one (200)")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "check", value = "{\"name\": \"backups\", \"tags\": \"prod www\","
                    + " \"timeout\": 3600, \"grace\": 60, \"unique\": [\"name\"]}")))
    public Response create(JsonStructure body) {
        JsonObject json = ChecksAdminResource.object(body);
        refuseAdminFields(json);
        CheckSpec spec = CheckSpec.of(json);
        List<String> unique = unique(json.get("unique"));
        if (!unique.isEmpty()) {
            for (Check existing : book.list()) {
                if (matches(existing, spec, unique)) {
                    return Response.ok(CheckViews.v3(book.update(existing.id(), spec), root(), Instant.now())).build();
                }
            }
        }
        return Response.status(201).entity(CheckViews.v3(book.create(spec, null, null), root(), Instant.now())).build();
    }

    @GET
    @Path("{uuid}")
    @Operation(summary = "One check")
    public Map<String, Object> get(@PathParam("uuid") String id) {
        return CheckViews.v3(book.get(id), root(), Instant.now());
    }

    @POST
    @Path("{uuid}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Update a check; fields left out keep their values")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "grace", value = "{\"grace\": 120}")))
    public Map<String, Object> update(@PathParam("uuid") String id, JsonStructure body) {
        JsonObject json = ChecksAdminResource.object(body);
        refuseAdminFields(json);
        return CheckViews.v3(book.update(id, CheckSpec.of(json)), root(), Instant.now());
    }

    @DELETE
    @Path("{uuid}")
    @Operation(summary = "Delete a check; answers with the check as it was")
    public Map<String, Object> delete(@PathParam("uuid") String id) {
        return CheckViews.v3(service.delete(id), root(), Instant.now());
    }

    @POST
    @Path("{uuid}/pause")
    @Operation(summary = "Pause a check")
    public Map<String, Object> pause(@PathParam("uuid") String id) {
        return CheckViews.v3(service.pause(id), root(), Instant.now());
    }

    @POST
    @Path("{uuid}/resume")
    @Operation(summary = "Resume a paused check")
    public Map<String, Object> resume(@PathParam("uuid") String id) {
        return CheckViews.v3(service.resume(id), root(), Instant.now());
    }

    @GET
    @Path("{uuid}/pings/")
    @Operation(summary = "The check's last pings, newest first")
    public Map<String, Object> pings(@PathParam("uuid") String id) {
        return Map.of("pings", book.pings(id).stream().map(p -> CheckViews.ping(p, false)).toList());
    }

    @GET
    @Path("{uuid}/flips/")
    @Operation(summary = "The check's status changes (up 1, down 0), newest first; ?seconds= limits how far back")
    public Map<String, Object> flips(@PathParam("uuid") String id, @QueryParam("seconds") Long seconds) {
        long back = seconds == null ? Duration.ofDays(90).toSeconds() : Math.max(1, Math.min(seconds, 31_536_000));
        return Map.of("flips", book.flips(id, Instant.now().minusSeconds(back), 1000).stream()
                .map(f -> CheckViews.flip(f, false)).toList());
    }

    /** The owner and the id are an admin's to choose, not an app's. */
    private static void refuseAdminFields(JsonObject json) {
        for (String field : List.of("app", "uuid")) {
            if (json.containsKey(field)) {
                throw VigilException.invalid("Unknown field '" + field + "'");
            }
        }
    }

    private static List<String> unique(JsonValue value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof JsonArray array) || array.size() > UNIQUE.size()) {
            throw VigilException.invalid("unique is not an array of field names");
        }
        return array.stream().map(v -> {
            if (!(v instanceof JsonString s) || !UNIQUE.contains(s.getString())) {
                throw VigilException.invalid("an item in 'unique' has unexpected value");
            }
            return s.getString();
        }).toList();
    }

    /** healthchecks.io's lookup: every field named in unique is given and equal. */
    private static boolean matches(Check check, CheckSpec spec, List<String> unique) {
        for (String field : unique) {
            boolean equal = switch (field) {
                case "name" -> spec.name() != null && spec.name().equals(check.name());
                case "slug" -> spec.slug() != null && spec.slug().equals(check.slug());
                case "tags" -> spec.tags() != null && spec.tags().equals(check.tags());
                case "timeout" -> spec.timeout() != null && check.schedule() instanceof CheckSchedule.Simple simple
                        && simple.timeout().toSeconds() == spec.timeout();
                default -> spec.grace() != null && check.grace().toSeconds() == spec.grace();
            };
            if (!equal) {
                return false;
            }
        }
        return true;
    }

    private URI root() {
        return uri.getBaseUri().resolve("../");
    }
}
