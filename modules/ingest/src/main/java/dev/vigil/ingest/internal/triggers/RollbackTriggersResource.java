package dev.vigil.ingest.internal.triggers;

import dev.vigil.kernel.api.AuditTrail;
import dev.vigil.kernel.api.Caller;
import dev.vigil.kernel.api.Transactional;
import dev.vigil.kernel.api.VigilException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admins define rollback triggers: CEL conditions over an app version's telemetry. */
@ApplicationScoped
@Path("/v1/admin/rollback-triggers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin: telemetry")
@SecurityRequirement(name = "userLogin")
public class RollbackTriggersResource {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    static final Pattern RUNBOOK_FILE = Pattern.compile("[a-z0-9][a-z0-9-]{0,80}\\.md");
    static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");
    static final String EXAMPLE = "{\"expression\": \"increase(\\\"sync_queue_block_events\\\", \\\"15m\\\") >= 5"
            + " && increase(\\\"sync_queue_recovery_events\\\", \\\"15m\\\") == 0\", \"description\": \"Queue"
            + " non-recovery\", \"runbook\": \"queue-non-recovery.md\", \"severity\": \"critical\", \"enabled\": true}";

    @Inject
    RollbackTriggers triggers;

    @Inject
    AuditTrail audit;

    @Inject
    HttpServletRequest request;

    @GET
    @Operation(summary = "Every rollback trigger with the app versions it fires for")
    public List<JsonObject> list() throws SQLException {
        List<RollbackTriggers.State> states = triggers.states(null);
        return triggers.all().stream().map(t -> {
            var firing = Json.createArrayBuilder();
            states.stream().filter(s -> s.trigger().equals(t.name())).forEach(s -> firing.add(state(s)));
            return Json.createObjectBuilder(view(t)).add("states", firing).build();
        }).toList();
    }

    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Create (201) or replace (200) a rollback trigger: a CEL expression over increase(signal,"
            + " window), total(signal), sessions(window) and crash_free_sessions(window); for every app or one (app)")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "trigger", value = EXAMPLE)))
    public Response put(@PathParam("name") String name, JsonObject body) throws SQLException {
        if (!NAME.matcher(name).matches()) {
            throw VigilException.invalid("A trigger name is 1 to 64 lower-case letters, digits and '-'");
        }
        String expression = text(body, "expression", 2000, true);
        TriggerExpressions.compile(expression);
        String runbook = text(body, "runbook", 300, false);
        if (!runbook.isEmpty() && !RUNBOOK_FILE.matcher(runbook).matches() && !runbook.matches("https?://[^\\s\"<>]{1,290}")) {
            throw VigilException.invalid("runbook: a file under runbooks/ (like queue-non-recovery.md) or an http(s) URL");
        }
        String severity = body.containsKey("severity") ? text(body, "severity", 16, true) : "critical";
        if (!SEVERITIES.contains(severity)) {
            throw VigilException.invalid("severity must be critical, warning or info");
        }
        String app = body.containsKey("app") && body.get("app") != JsonValue.NULL ? text(body, "app", 36, true) : null;
        JsonValue enabled = body.getOrDefault("enabled", JsonValue.TRUE);
        if (enabled != JsonValue.TRUE && enabled != JsonValue.FALSE) {
            throw VigilException.invalid("enabled must be true or false");
        }
        Caller caller = Caller.fromAttribute(request.getAttribute(Caller.REQUEST_ATTRIBUTE));
        TriggerDefinition trigger = new TriggerDefinition(name, app, expression, text(body, "description", 500, false),
                runbook, severity, enabled == JsonValue.TRUE, Instant.now(), caller.actor());
        boolean created = triggers.put(trigger);
        audit.record(caller, created ? "rollback-trigger.created" : "rollback-trigger.replaced", name, expression);
        return Response.status(created ? Response.Status.CREATED : Response.Status.OK).entity(view(trigger)).build();
    }

    @DELETE
    @Path("{name}")
    @Transactional
    @Operation(summary = "Delete a rollback trigger (the next minute's watch resolves its alerts and ends its states)")
    public Response delete(@PathParam("name") String name) throws SQLException {
        if (!triggers.delete(name)) {
            throw VigilException.notFound("Rollback trigger");
        }
        audit.record(Caller.fromAttribute(request.getAttribute(Caller.REQUEST_ATTRIBUTE)), "rollback-trigger.deleted",
                name, "");
        return Response.noContent().build();
    }

    private static String text(JsonObject body, String field, int max, boolean required) {
        JsonValue value = body.get(field);
        if (value == null || value == JsonValue.NULL) {
            if (required) {
                throw VigilException.invalid(field + " is required");
            }
            return "";
        }
        if (!(value instanceof JsonString text) || text.getString().length() > max
                || text.getString().chars().anyMatch(c -> c < 0x20 && c != '\n' || c == 0x7f)) {
            throw VigilException.invalid(field + ": a string of at most " + max + " characters without control characters");
        }
        return text.getString();
    }

    static JsonObject view(TriggerDefinition trigger) {
        JsonObjectBuilder view = Json.createObjectBuilder().add("name", trigger.name())
                .add("expression", trigger.expression()).add("description", trigger.description())
                .add("runbook", trigger.runbook()).add("runbookUrl", TriggerRunbooks.url(trigger.runbook()))
                .add("severity", trigger.severity()).add("enabled", trigger.enabled())
                .add("updatedAt", trigger.updatedAt().toString()).add("updatedBy", trigger.updatedBy());
        if (trigger.appId() != null) {
            view.add("app", trigger.appId());
        }
        return view.build();
    }

    static JsonObject state(RollbackTriggers.State state) {
        JsonObjectBuilder view = Json.createObjectBuilder().add("app", state.appId()).add("version", state.version())
                .add("firing", state.firing()).add("since", state.since().toString());
        if (state.error() != null) {
            view.add("error", state.error());
        }
        return view.build();
    }
}
