package dev.vigil.ingest.internal.telemetry;

import dev.vigil.kernel.api.AuditTrail;
import dev.vigil.kernel.api.Caller;
import dev.vigil.kernel.api.Transactional;
import dev.vigil.kernel.api.VigilException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admins change the alias map; members and admins read it at {@code GET /api/v1/telemetry/aliases}. */
@ApplicationScoped
@Path("/v1/admin/telemetry/aliases")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin: telemetry")
@SecurityRequirement(name = "userLogin")
public class SignalAliasesResource {

    static final int MAX_SOURCES = 10;
    /** Aliases the map holds at most: every query and trigger run reads the whole map. */
    static final int MAX_ALIASES = 1_000;
    static final int MAX_DESCRIPTION = 500;
    private static final Pattern SIGNAL = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,99}");

    @Inject
    SignalAliases aliases;

    @Inject
    AuditTrail audit;

    @Inject
    HttpServletRequest request;

    @PUT
    @Path("{alias}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Create (201) or replace (200) an alias: the canonical signals it sums (1 to 10, none an"
            + " alias itself) and what it means")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "alias", value = "{\"sources\": [\"sync_queue_block_events\"],"
                    + " \"description\": \"Queue reached hard cap and entered blocked state\"}")))
    public Response put(@PathParam("alias") String alias, JsonObject body) throws SQLException {
        if (!SIGNAL.matcher(alias).matches()) {
            throw VigilException.invalid("An alias is a signal name: a letter, then up to 99 letters, digits, '.', '_', '-'");
        }
        if (!(body.get("sources") instanceof JsonArray given) || given.isEmpty() || given.size() > MAX_SOURCES) {
            throw VigilException.invalid("sources: 1 to " + MAX_SOURCES + " canonical signal names");
        }
        aliases.takeWriteTurn();
        LinkedHashSet<String> sources = new LinkedHashSet<>();
        for (JsonValue value : given) {
            if (!(value instanceof JsonString name) || !SIGNAL.matcher(name.getString()).matches()) {
                throw VigilException.invalid("sources: each a signal name (a letter, then letters, digits, '.', '_', '-')");
            }
            if (name.getString().equals(alias) || aliases.find(name.getString()).isPresent()) {
                throw VigilException.invalid("sources: " + name.getString() + " is an alias; an alias sums canonical"
                        + " signals only");
            }
            sources.add(name.getString());
        }
        List<SignalAliases.Alias> all = aliases.all();
        if (all.size() >= MAX_ALIASES && all.stream().noneMatch(other -> other.alias().equals(alias))) {
            throw VigilException.invalid("The alias map holds " + MAX_ALIASES + " aliases, the most it may; delete one first");
        }
        for (SignalAliases.Alias other : all) {
            if (other.sources().contains(alias)) {
                throw VigilException.invalid(alias + " is a source of the alias " + other.alias()
                        + "; it cannot be an alias too");
            }
        }
        String description = body.get("description") instanceof JsonString text ? text.getString() : "";
        if (description.length() > MAX_DESCRIPTION) {
            throw VigilException.invalid("description: at most " + MAX_DESCRIPTION + " characters");
        }
        Caller caller = Caller.fromAttribute(request.getAttribute(Caller.REQUEST_ATTRIBUTE));
        SignalAliases.Alias entry = new SignalAliases.Alias(alias, new ArrayList<>(sources), description);
        boolean created = aliases.put(entry, System.currentTimeMillis(), caller.actor());
        audit.record(caller, created ? "signal-alias.created" : "signal-alias.replaced", alias,
                "= " + String.join(" + ", sources));
        return Response.status(created ? Response.Status.CREATED : Response.Status.OK).entity(view(entry)).build();
    }

    @DELETE
    @Path("{alias}")
    @Transactional
    @Operation(summary = "Delete an alias; its name reads as a plain signal again")
    public Response delete(@PathParam("alias") String alias) throws SQLException {
        if (!aliases.delete(alias)) {
            throw VigilException.notFound("Alias");
        }
        audit.record(Caller.fromAttribute(request.getAttribute(Caller.REQUEST_ATTRIBUTE)), "signal-alias.deleted", alias, "");
        return Response.noContent().build();
    }

    static JsonObject view(SignalAliases.Alias alias) {
        return Json.createObjectBuilder().add("alias", alias.alias()).add("sources", Json.createArrayBuilder(alias.sources()))
                .add("description", alias.description()).build();
    }
}
