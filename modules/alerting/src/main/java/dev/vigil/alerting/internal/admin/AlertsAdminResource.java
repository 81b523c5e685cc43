package dev.vigil.alerting.internal.admin;

import dev.vigil.alerting.internal.AlertService;
import dev.vigil.alerting.internal.AlertingSettings;
import dev.vigil.alerting.internal.data.AlertRow;
import dev.vigil.alerting.internal.data.AlertingData;
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
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Alerts for admins: the list with filters, one alert with its history, and acknowledgement (audited). */
@Path("/v1/admin/alerts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin: alerting")
@SecurityRequirement(name = "userLogin")
public class AlertsAdminResource {

    static final int MAX_LIST = 500;
    static final String ID = "[0-9a-f-]{36}";

    @Inject
    AlertingData data;

    @Inject
    AlertService alerts;

    @Inject
    AlertingSettings settings;

    @Inject
    AuditTrail audit;

    @Inject
    Caller caller;

    @GET
    @Operation(summary = "Alerts, most recently changed first; filter by state, severity, source, name and app")
    public List<AlertRow.View> list(
            @QueryParam("state") @Pattern(regexp = "firing|acknowledged|resolved") String state,
            @QueryParam("severity") @Pattern(regexp = "info|warning|critical") String severity,
            @QueryParam("source") @Size(max = 64) String source,
            @QueryParam("name") @Size(max = 200) String name,
            @QueryParam("app") @Size(max = 36) String app,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        return data.alerts(new AlertingData.AlertFilter(state, severity, source, name, app),
                Math.max(1, Math.min(limit, MAX_LIST)));
    }

    @GET
    @Path("{alertId}")
    @Operation(summary = "One alert with every transition of its state and the groups it is in")
    public AlertingData.AlertDetail one(@PathParam("alertId") @Pattern(regexp = ID) String id) {
        return data.alert(id).orElseThrow(() -> VigilException.notFound("Alert"));
    }

    @POST
    @Path("{alertId}/ack")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Acknowledge a firing alert with a comment: no repeats until it resolves or the"
            + " acknowledgement runs out ({\"comment\": \"...\", \"for\": \"2h\"}; the default is vigil.alerting.ack-default)")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "ack", value = "{\"comment\": \"alice is on it: disk cleanup running\", \"for\": \"2h\"}")))
    public AlertingData.AlertDetail acknowledge(@PathParam("alertId") @Pattern(regexp = ID) String id, JsonStructure body)
            throws SQLException {
        if (!(body instanceof JsonObject json)) {
            throw VigilException.invalid("The body must be a JSON object");
        }
        for (String key : json.keySet()) {
            if (!Set.of("comment", "for").contains(key)) {
                throw VigilException.invalid("Unknown field '" + (key.length() > 64 ? key.substring(0, 64) : key) + "'");
            }
        }
        if (!(json.get("comment") instanceof JsonString comment) || comment.getString().isBlank()
                || comment.getString().length() > 1000) {
            throw VigilException.invalid("comment is required: 1 to 1000 characters saying who is on it and why");
        }
        Duration hold = settings.ackDefault();
        JsonValue forValue = json.get("for");
        if (forValue != null && forValue != JsonValue.NULL) {
            try {
                hold = Durations.parse(((JsonString) forValue).getString());
            } catch (RuntimeException e) {
                throw VigilException.invalid("for is a duration like 30m, 2h or 1d");
            }
            if (hold.compareTo(Duration.ofMinutes(1)) < 0 || hold.compareTo(settings.ackMax()) > 0) {
                throw VigilException.invalid("for must be between 1m and " + settings.ackMax().toDays() + "d");
            }
        }
        long until = System.currentTimeMillis() + hold.toMillis();
        String state = alerts.acknowledge(id, caller.actor(), comment.getString(), until)
                .orElseThrow(() -> VigilException.notFound("Alert"));
        if (state.equals("resolved")) {
            throw VigilException.invalid("The alert has resolved; there is nothing to acknowledge");
        }
        audit.record(caller, "alert.acknowledged", "alert:" + id, "for=" + hold.toMinutes() + "m");
        return data.alert(id).orElseThrow(() -> VigilException.notFound("Alert"));
    }
}
