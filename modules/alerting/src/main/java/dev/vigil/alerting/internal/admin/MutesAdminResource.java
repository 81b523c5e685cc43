package dev.vigil.alerting.internal.admin;

import dev.vigil.alerting.internal.data.AlertingData;
import dev.vigil.alerting.internal.data.MuteRow;
import dev.vigil.alerting.internal.model.MuteDefinitions;
import dev.vigil.kernel.api.AuditTrail;
import dev.vigil.kernel.api.Caller;
import dev.vigil.kernel.api.Durations;
import dev.vigil.kernel.api.Transactional;
import dev.vigil.kernel.api.VigilException;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
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
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
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
 * What mutes alerts, for admins: silences (expire early with DELETE), recurring maintenance windows
 * and inhibition rules. Every change is audited and makes every group with a pending look look at
 * once, so a mute that went away stops muting within a flush interval.
 */
@Path("/v1/admin/alerting")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin: alerting")
@SecurityRequirement(name = "userLogin")
public class MutesAdminResource {

    static final String ID = "[0-9a-f-]{36}";
    static final int MAX_SILENCES = 10_000;
    static final int MAX_RULES = 1_000;
    private static final Duration MAX_SILENCE = Duration.ofDays(365);

    @Inject
    AlertingData data;

    @Inject
    AuditTrail audit;

    @Inject
    Caller caller;

    @GET
    @Path("silences")
    @Operation(summary = "Silences in force, and those that ended within the last day (all with expired=true)")
    public List<MuteRow.View> silences(@QueryParam("expired") @DefaultValue("false") boolean expired) {
        long since = expired ? 0 : System.currentTimeMillis() - Duration.ofDays(1).toMillis();
        return data.mutes("silence", since, 1000);
    }

    @POST
    @Path("silences")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Silence the alerts that match: matchers, a comment, startsAt (default now) and endsAt or a duration")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "silence", value = "{\"matchers\": [\"alertname=\\\"DiskFull\\\"\","
                    + " \"instance=~\\\"db-.*\\\"\"], \"duration\": \"2h\", \"comment\": \"disk swap in progress\"}")))
    public Response silence(JsonStructure body) {
        JsonObject json = object(body, Set.of("matchers", "startsAt", "endsAt", "duration", "comment"));
        String comment = comment(json, true);
        long now = System.currentTimeMillis();
        long startsAt = json.containsKey("startsAt") ? time(json, "startsAt") : now;
        long endsAt;
        if (json.containsKey("endsAt") == json.containsKey("duration")) {
            throw VigilException.invalid("A silence has either endsAt or duration");
        } else if (json.containsKey("endsAt")) {
            endsAt = time(json, "endsAt");
        } else {
            endsAt = startsAt + duration(json, "duration").toMillis();
        }
        if (endsAt <= Math.max(now, startsAt) || endsAt - startsAt > MAX_SILENCE.toMillis()) {
            throw VigilException.invalid("A silence ends after now and after it starts, and lasts at most 365 days");
        }
        JsonObject definition = definition("silence", json);
        if (data.countMutes("silence", now) >= MAX_SILENCES) {
            throw VigilException.invalid("At most " + MAX_SILENCES + " silences are in force at once");
        }
        MuteRow.View view = data.createMute("silence", definition.toString(), startsAt, endsAt, comment, caller.actor(), now);
        audit.record(caller, "alerting.silence.created", "silence:" + view.id(), null);
        return Response.status(Response.Status.CREATED).entity(view).build();
    }

    @DELETE
    @Path("silences/{silenceId}")
    @Transactional
    @Operation(summary = "Expire a silence early: what it muted is notified at the next look")
    public Response expire(@PathParam("silenceId") @Pattern(regexp = ID) String id) {
        long now = System.currentTimeMillis();
        if (!data.expireSilence(id, now)) {
            throw VigilException.notFound("Silence in force");
        }
        data.lookAgainNow(now);
        audit.record(caller, "alerting.silence.expired", "silence:" + id, null);
        return Response.noContent().build();
    }

    @GET
    @Path("windows")
    @Operation(summary = "Recurring maintenance windows")
    public List<MuteRow.View> windows() {
        return data.mutes("window", 0, MAX_RULES);
    }

    @POST
    @Path("windows")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "A recurring maintenance window: name, matchers, zone, and days with start and end (an end at or"
            + " before the start runs into the next day), or cron with duration")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "weekly", value = "{\"name\": \"nightly-db\", \"matchers\": [\"team=\\\"db\\\"\"],"
                    + " \"zone\": \"Europe/Berlin\", \"days\": [\"SAT\", \"SUN\"], \"start\": \"22:00\", \"end\": \"02:00\","
                    + " \"comment\": \"weekend maintenance\"}")))
    public Response window(JsonStructure body) {
        return rule("window", body, Set.of("name", "matchers", "zone", "days", "start", "end", "cron", "duration", "comment"));
    }

    @DELETE
    @Path("windows/{windowId}")
    @Transactional
    @Operation(summary = "Delete a maintenance window")
    public Response deleteWindow(@PathParam("windowId") @Pattern(regexp = ID) String id) {
        return delete("window", id);
    }

    @GET
    @Path("inhibitions")
    @Operation(summary = "Inhibition rules")
    public List<MuteRow.View> inhibitions() {
        return data.mutes("inhibition", 0, MAX_RULES);
    }

    @POST
    @Path("inhibitions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "An inhibition rule: while a firing alert matches sourceMatchers, alerts matching targetMatchers"
            + " with the same values of the equal labels are not notified")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "rule", value = "{\"sourceMatchers\": [\"alertname=\\\"DatabaseDown\\\"\"],"
                    + " \"targetMatchers\": [\"severity=\\\"warning\\\"\"], \"equal\": [\"cluster\"],"
                    + " \"comment\": \"a down database explains its warnings\"}")))
    public Response inhibition(JsonStructure body) {
        return rule("inhibition", body, Set.of("sourceMatchers", "targetMatchers", "equal", "comment"));
    }

    @DELETE
    @Path("inhibitions/{inhibitionId}")
    @Transactional
    @Operation(summary = "Delete an inhibition rule")
    public Response deleteInhibition(@PathParam("inhibitionId") @Pattern(regexp = ID) String id) {
        return delete("inhibition", id);
    }

    private Response rule(String kind, JsonStructure body, Set<String> fields) {
        JsonObject json = object(body, fields);
        String comment = comment(json, false);
        JsonObject definition = definition(kind, json);
        long now = System.currentTimeMillis();
        if (data.countMutes(kind, now) >= MAX_RULES) {
            throw VigilException.invalid("At most " + MAX_RULES + " " + kind + "s");
        }
        MuteRow.View view = data.createMute(kind, definition.toString(), null, null, comment, caller.actor(), now);
        data.lookAgainNow(now);
        audit.record(caller, "alerting." + kind + ".created", kind + ":" + view.id(), null);
        return Response.status(Response.Status.CREATED).entity(view).build();
    }

    private Response delete(String kind, String id) {
        if (!data.deleteMute(kind, id)) {
            throw VigilException.notFound(kind.equals("window") ? "Maintenance window" : "Inhibition rule");
        }
        data.lookAgainNow(System.currentTimeMillis());
        audit.record(caller, "alerting." + kind + ".deleted", kind + ":" + id, null);
        return Response.noContent().build();
    }

    private static JsonObject definition(String kind, JsonObject json) {
        try {
            JsonObject definition = MuteDefinitions.normalized(kind, json);
            if (definition.toString().length() > 16_384) {
                throw new IllegalArgumentException("The definition is longer than 16,384 characters once written as JSON");
            }
            return definition;
        } catch (IllegalArgumentException e) {
            throw VigilException.invalid(e.getMessage());
        }
    }

    private static JsonObject object(JsonStructure body, Set<String> fields) {
        if (!(body instanceof JsonObject json)) {
            throw VigilException.invalid("The body must be a JSON object");
        }
        for (Map.Entry<String, JsonValue> entry : json.entrySet()) {
            if (!fields.contains(entry.getKey())) {
                String key = entry.getKey();
                throw VigilException.invalid("Unknown field '" + (key.length() > 64 ? key.substring(0, 64) : key) + "'");
            }
        }
        return json;
    }

    private static String comment(JsonObject json, boolean required) {
        JsonValue value = json.get("comment");
        if (value == null && !required) {
            return null;
        }
        if (!(value instanceof JsonString s) || s.getString().isBlank() || s.getString().length() > 1000) {
            throw VigilException.invalid("comment is " + (required ? "required: " : "") + "1 to 1000 characters saying why");
        }
        return s.getString();
    }

    private static long time(JsonObject json, String key) {
        try {
            return OffsetDateTime.parse(((JsonString) json.get(key)).getString()).toInstant().toEpochMilli();
        } catch (ClassCastException | DateTimeParseException e) {
            throw VigilException.invalid(key + " is an RFC 3339 time like 2026-11-30T10:00:00Z");
        }
    }

    private static Duration duration(JsonObject json, String key) {
        try {
            return Durations.parse(((JsonString) json.get(key)).getString());
        } catch (RuntimeException e) {
            throw VigilException.invalid(key + " is a duration like 30m, 2h or 1d");
        }
    }
}
