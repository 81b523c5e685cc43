package dev.vigil.alerting.internal.admin;

import dev.vigil.alerting.internal.Routing;
import dev.vigil.alerting.internal.data.AlertingData;
import dev.vigil.alerting.internal.data.GroupRow;
import dev.vigil.alerting.internal.data.NotificationRow;
import dev.vigil.alerting.internal.model.JsonMaps;
import dev.vigil.alerting.internal.model.Labels;
import dev.vigil.alerting.internal.model.RoutingTree;
import dev.vigil.kernel.api.AuditTrail;
import dev.vigil.kernel.api.Caller;
import dev.vigil.kernel.api.Transactional;
import dev.vigil.kernel.api.VigilException;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Alerting's configuration and log for admins: groups, the routing document and its dry run, and
 * the notification log (channels: {@link ChannelsAdminResource}). Every change is audited.
 */
@Path("/v1/admin/alerting")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin: alerting")
@SecurityRequirement(name = "userLogin")
public class AlertingAdminResource {

    static final int MAX_LIST = 500;
    static final String ROUTES_EXAMPLE = "{\"receivers\": [{\"name\": \"ops\", \"channels\": [\"ops-webhook\"]},"
            + " {\"name\": \"pager\", \"channels\": [\"ops-webhook\"]}],"
            + " \"route\": {\"receiver\": \"ops\", \"groupBy\": [\"alertname\"], \"groupWait\": \"30s\","
            + " \"groupInterval\": \"5m\", \"repeatInterval\": \"4h\","
            + " \"routes\": [{\"matchers\": [\"severity=\\\"critical\\\"\"], \"receiver\": \"pager\", \"groupWait\": \"0s\"}]}}";
    static final String ID = "[0-9a-f-]{36}";

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Inject
    AlertingData data;

    @Inject
    Routing routing;

    @Inject
    AuditTrail audit;

    @Inject
    Caller caller;

    @GET
    @Path("groups")
    @Operation(summary = "Groups, newest first: route, receiver, group labels, alerts in it, next look and last notification")
    public List<GroupRow.View> groups(@QueryParam("limit") @DefaultValue("100") int limit) {
        return data.groups(Math.max(1, Math.min(limit, MAX_LIST)));
    }

    @GET
    @Path("routes")
    @Operation(summary = "The routing document in force (the defaults until an admin stores one)")
    public JsonObject routes() throws SQLException {
        return routing.tree().document();
    }

    @PUT
    @Path("routes")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Store a routing document: receivers (each one or more channels) and a tree of routes"
            + " (matchers, receiver, continue, groupBy, groupWait, groupInterval, repeatInterval, routes)")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "routes", value = ROUTES_EXAMPLE)))
    public JsonObject storeRoutes(JsonStructure body) throws SQLException {
        RoutingTree tree = parse(body);
        if (tree.document().toString().length() > 60_000) {
            throw VigilException.invalid("A routing document has at most 60,000 characters");
        }
        try (Connection c = dataSource.getConnection()) {
            long version = routing.store(c, tree, caller.actor(), System.currentTimeMillis());
            audit.record(caller, "alerting.routes.stored", "routes", "version=" + version);
        }
        return tree.document();
    }

    @POST
    @Path("routes/dry-run")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Which routes, receivers and channels an alert with these labels would take:"
            + " {\"labels\": {...}} against the stored document, or {\"labels\": {...}, \"routes\": <a document>} to try one")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "labels", value = "{\"labels\": {\"alertname\": \"DiskFull\", \"severity\": \"critical\"}}")))
    public JsonObject dryRun(JsonStructure body) throws SQLException {
        if (!(body instanceof JsonObject json) || !(json.get("labels") instanceof JsonObject labelsJson)) {
            throw VigilException.invalid("The body is {\"labels\": {...}}, with an optional \"routes\" document");
        }
        Map<String, String> labels;
        try {
            labels = JsonMaps.strings(labelsJson);
            Labels.checkLabels(labels);
        } catch (IllegalArgumentException e) {
            throw VigilException.invalid("labels: " + e.getMessage());
        }
        RoutingTree tree = json.containsKey("routes") ? parse(json.get("routes") instanceof JsonObject o ? o : null)
                : routing.tree();
        JsonArrayBuilder matches = Json.createArrayBuilder();
        tree.route(labels).forEach(m -> matches.add(RoutingTree.describe(m)));
        return Json.createObjectBuilder().add("labels", JsonMaps.object(labels)).add("matches", matches).build();
    }

    private RoutingTree parse(JsonValue body) {
        if (!(body instanceof JsonObject document)) {
            throw VigilException.invalid("A routing document is a JSON object with receivers and route");
        }
        try {
            return routing.parse(document);
        } catch (IllegalArgumentException e) {
            throw VigilException.invalid(e.getMessage());
        }
    }

    @GET
    @Path("notifications")
    @Operation(summary = "The notification log, newest first: group, channel, attempts, outcome, latency, last error")
    public List<NotificationRow.View> notifications(
            @QueryParam("channel") @Size(max = 100) String channel,
            @QueryParam("status") @Pattern(regexp = "queued|retrying|delivered|failed") String status,
            @QueryParam("group") @Pattern(regexp = ID) String group,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        return data.notifications(new AlertingData.NotificationFilter(channel, status, group),
                Math.max(1, Math.min(limit, MAX_LIST)));
    }

    @GET
    @Path("notifications/{notificationId}")
    @Operation(summary = "One notification with the message it sends")
    public AlertingData.NotificationDetail notification(@PathParam("notificationId") @Pattern(regexp = ID) String id) {
        return data.notification(id).orElseThrow(() -> VigilException.notFound("Notification"));
    }
}
