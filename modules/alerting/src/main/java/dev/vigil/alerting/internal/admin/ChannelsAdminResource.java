package dev.vigil.alerting.internal.admin;

import dev.vigil.alerting.internal.Notifier;
import dev.vigil.alerting.internal.channels.ChannelSecrets;
import dev.vigil.alerting.internal.channels.ChannelKind;
import dev.vigil.alerting.internal.channels.ChannelKinds;
import dev.vigil.alerting.internal.data.AlertingData;
import dev.vigil.alerting.internal.data.ChannelRow;
import dev.vigil.alerting.internal.model.JsonMaps;
import dev.vigil.kernel.api.AuditTrail;
import dev.vigil.kernel.api.Caller;
import dev.vigil.kernel.api.DatabaseFailures;
import dev.vigil.kernel.api.ErrorCode;
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
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
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
 * Channels for admins: each kind's fields checked by its {@link ChannelKind}, credentials sealed and
 * never shown again after creation, a test notification each. Every change is audited.
 */
@Path("/v1/admin/alerting/channels")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin: alerting")
@SecurityRequirement(name = "userLogin")
public class ChannelsAdminResource {

    private static final String ID = AlertingAdminResource.ID;
    private static final java.util.regex.Pattern CHANNEL_NAME = java.util.regex.Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,99}");

    @Inject
    AlertingData data;

    @Inject
    Notifier notifier;

    @Inject
    ChannelSecrets secrets;

    @Inject
    ChannelKinds kinds;

    @Inject
    AuditTrail audit;

    @Inject
    Caller caller;

    @GET
        @Operation(summary = "Channels: name, type, a webhook's URL, whether a credential is set (never the credential)")
    public List<ChannelRow.View> channels() {
        return data.channels();
    }

    @GET
    @Path("{channelId}")
    @Operation(summary = "One channel")
    public ChannelRow.View channel(@PathParam("channelId") @Pattern(regexp = ID) String id) {
        return data.channel(id).orElseThrow(() -> VigilException.notFound("Channel"));
    }

    /** A new channel and, for a webhook whose signing secret Vigil made, that secret: shown this once. */
    public record Created(ChannelRow.View channel, String signingSecret) {
    }

    @POST
        @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Create a channel: {\"name\", \"type\": \"webhook\", \"url\", \"secret\"?} (Vigil makes and"
            + " shows once a signing secret when none is given); {\"name\", \"type\": \"slack\", \"url\"} (the incoming"
            + " webhook URL, kept sealed); {\"name\", \"type\": \"email\", \"to\", \"from\"?, \"smarthost\"?,"
            + " \"security\"?: starttls|tls|none, \"username\"?, \"password\"?}; {\"name\", \"type\": \"pagerduty\","
            + " \"routingKey\", \"url\"?}")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "webhook", value = "{\"name\": \"ops-webhook\", \"type\": \"webhook\","
                    + " \"url\": \"https://hooks.example.com/vigil\"}")))
    public Response create(JsonStructure body) {
        JsonObject json = object(body);
        if (!(json.get("type") instanceof JsonString typeName)) {
            throw VigilException.invalid("type is one of " + kinds.types());
        }
        ChannelKind kind = kinds.of(typeName.getString())
                .orElseThrow(() -> VigilException.invalid("type is one of " + kinds.types()));
        if (!(json.get("name") instanceof JsonString nameValue) || !CHANNEL_NAME.matcher(nameValue.getString()).matches()) {
            throw VigilException.invalid("name is 1 to 100 letters, digits, '.', '_' and '-'");
        }
        String name = nameValue.getString();
        requireSecrets();
        ChannelKind.Configured configured = kind.configure(fields(json, kind, Set.of("name", "type")), null);
        ChannelRow.View view;
        try {
            view = data.createChannel(name, kind.type(), settings(configured), sealed(configured),
                    System.currentTimeMillis());
        } catch (RuntimeException e) {
            if (DatabaseFailures.isConstraintViolation(e)) {
                throw VigilException.invalid("A channel named " + name + " exists");
            }
            throw e;
        }
        audit.record(caller, "alerting.channel.created", "channel:" + view.id(), "type=" + kind.type());
        return Response.status(Response.Status.CREATED).entity(new Created(view, configured.shownOnce())).build();
    }

    @PUT
    @Path("{channelId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Change a channel's settings and, when given, its credential; its name and type stay, and a"
            + " setting not given keeps its value (\"\" sets an optional one back to the server's default)")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "url", value = "{\"url\": \"https://hooks.example.com/vigil-2\"}")))
    public ChannelRow.View update(@PathParam("channelId") @Pattern(regexp = ID) String id, JsonStructure body) {
        ChannelRow.View existing = data.channel(id).orElseThrow(() -> VigilException.notFound("Channel"));
        ChannelKind kind = kinds.of(existing.type())
                .orElseThrow(() -> VigilException.invalid("A channel of type " + existing.type() + " cannot change"));
        JsonObject json = object(body);
        requireSecrets();
        ChannelKind.Configured configured = kind.configure(fields(json, kind, Set.of()), existing.settings());
        String sealed = sealed(configured);
        ChannelRow.View view = data.updateChannel(id, settings(configured), sealed, System.currentTimeMillis())
                .orElseThrow(() -> VigilException.notFound("Channel"));
        audit.record(caller, "alerting.channel.updated", "channel:" + id, "credential=" + (sealed != null));
        return view;
    }

    @DELETE
    @Path("{channelId}")
    @Transactional
    @Operation(summary = "Delete a channel; notifications still queued for it fail, and receivers naming it skip it")
    public Response delete(@PathParam("channelId") @Pattern(regexp = ID) String id) {
        if (!data.deleteChannel(id)) {
            throw VigilException.notFound("Channel");
        }
        audit.record(caller, "alerting.channel.deleted", "channel:" + id, null);
        return Response.noContent().build();
    }

    @POST
    @Path("{channelId}/test")
    @Transactional
    @Operation(summary = "Send a test notification through the channel; its delivery shows in the notification log")
    public Response test(@PathParam("channelId") @Pattern(regexp = ID) String id) throws SQLException {
        var channel = data.deliverable(id).orElseThrow(() -> VigilException.notFound("Channel"));
        String notification = notifier.test(channel, caller.actor());
        audit.record(caller, "alerting.channel.tested", "channel:" + id, null);
        return Response.accepted(Map.of("notification", notification)).build();
    }

    private static JsonObject object(JsonStructure body) {
        if (!(body instanceof JsonObject json)) {
            throw VigilException.invalid("The body must be a JSON object");
        }
        return json;
    }

    /** The kind's fields from the body, every one a string of at most 2,000 characters; no field it does not take. */
    private static Map<String, String> fields(JsonObject json, ChannelKind kind, Set<String> also) {
        Map<String, String> fields = new java.util.HashMap<>();
        for (Map.Entry<String, JsonValue> entry : json.entrySet()) {
            String key = entry.getKey();
            if (also.contains(key)) {
                continue;
            }
            if (!kind.fields().contains(key)) {
                throw VigilException.invalid("Unknown field '" + (key.length() > 64 ? key.substring(0, 64) : key)
                        + "' for a " + kind.type() + " channel; it takes " + String.join(", ", new java.util.TreeSet<>(kind.fields())));
            }
            if (!(entry.getValue() instanceof JsonString value)) {
                throw VigilException.invalid(key + " must be a string");
            }
            if (value.getString().length() > 2000) {
                throw VigilException.invalid(key + " has at most 2,000 characters");
            }
            fields.put(key, value.getString());
        }
        return fields;
    }

    private static String settings(ChannelKind.Configured configured) {
        String settings = JsonMaps.write(configured.settings());
        if (settings.length() > 4000) {
            throw VigilException.invalid("A channel's settings have at most 4,000 characters");
        }
        return settings;
    }

    private String sealed(ChannelKind.Configured configured) {
        return configured.credential() == null ? null : secrets.seal(configured.credential());
    }

    private void requireSecrets() {
        if (!secrets.configured()) {
            throw new VigilException(ErrorCode.MISCONFIGURED,
                    "Channel credentials are sealed with vigil.secrets.key, which is not set");
        }
    }
}
