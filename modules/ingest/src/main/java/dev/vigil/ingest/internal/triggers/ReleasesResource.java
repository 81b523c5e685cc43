package dev.vigil.ingest.internal.triggers;

import dev.vigil.ingest.internal.telemetry.TelemetryQueries;
import dev.vigil.ingest.internal.telemetry.TelemetryResource;
import dev.vigil.kernel.api.Audience;
import dev.vigil.kernel.api.Caller;
import dev.vigil.kernel.api.Durations;
import dev.vigil.kernel.api.Times;
import dev.vigil.kernel.api.VigilException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The release view: per app version, Sentry-style release health (sessions by worst status,
 * crash-free sessions and users), sync freshness, and the rollback triggers firing for it with
 * their runbooks; what a trigger means to members and admins, its condition and errors (trigger
 * configuration, ops data) to admins only.
 */
@ApplicationScoped
@Path("/v1/releases")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "telemetry")
public class ReleasesResource {

    /** The longest range a release view reads (sessions by their first time, sync samples raw). */
    static final Duration LONGEST = Duration.ofDays(31);

    @Inject
    TelemetryQueries queries;

    @Inject
    RollbackTriggers triggers;

    @Inject
    HttpServletRequest request;

    @Inject
    @ConfigProperty(name = "vigil.ingest.sync-fresh-within", defaultValue = "2m")
    String freshWithin;

    private final Clock clock = Clock.systemUTC();

    @GET
    @Audience({Audience.Who.APP, Audience.Who.USER})
    @SecurityRequirement(name = "appKey")
    @SecurityRequirement(name = "userLogin")
    @Operation(summary = "Release health of one app per version in a range (default the last 24 hours): sessions by"
            + " worst status, crash-free sessions and users (%), sync lag percentiles (ms), the share of syncs within"
            + " vigil.ingest.sync-fresh-within, and the rollback triggers firing with their runbooks")
    public JsonObject releases(@QueryParam("app") String app, @QueryParam("from") String from, @QueryParam("to") String to)
            throws SQLException {
        Caller caller = Caller.fromAttribute(request.getAttribute(Caller.REQUEST_ATTRIBUTE));
        String appId = TelemetryResource.app(caller, app);
        Instant end = Times.parse("to", to) == null ? clock.instant() : Times.parse("to", to);
        Instant start = Times.parse("from", from) == null ? end.minus(Duration.ofHours(24)) : Times.parse("from", from);
        if (!start.isBefore(end) || Duration.between(start, end).compareTo(LONGEST) > 0) {
            throw VigilException.invalid("from must be before to, at most " + LONGEST.toDays() + " days apart");
        }
        long fresh = Durations.parse(freshWithin).toMillis();
        Map<String, TriggerDefinition> definitions = triggers.all().stream()
                .collect(Collectors.toMap(TriggerDefinition::name, t -> t));
        Map<String, List<RollbackTriggers.State>> byVersion = new TreeMap<>(triggers.states(appId).stream()
                .collect(Collectors.groupingBy(RollbackTriggers.State::version)));
        Map<String, JsonObjectBuilder> versions = new TreeMap<>();
        for (TelemetryQueries.Release r : queries.releases(appId, start, end, fresh)) {
            JsonObjectBuilder v = Json.createObjectBuilder().add("version", r.version()).add("sessions", r.sessions())
                    .add("crashed", r.crashed()).add("abnormal", r.abnormal()).add("errored", r.errored())
                    .add("users", r.users()).add("crashedUsers", r.crashedUsers()).add("syncs", r.syncs());
            add(v, "crashFreeSessions", r.crashFreeSessions());
            add(v, "crashFreeUsers", r.crashFreeUsers());
            add(v, "syncLagP50", r.lagP50());
            add(v, "syncLagP90", r.lagP90());
            add(v, "syncLagP99", r.lagP99());
            add(v, "freshSyncs", r.freshSyncs());
            versions.put(r.version(), v);
        }
        // A version whose trigger fires shows even when the range holds no sessions of it.
        byVersion.keySet().forEach(version -> versions.computeIfAbsent(version, k -> Json.createObjectBuilder()
                .add("version", k).add("sessions", 0).add("crashed", 0).add("abnormal", 0).add("errored", 0)
                .add("users", 0).add("crashedUsers", 0).add("syncs", 0)));
        JsonArrayBuilder all = Json.createArrayBuilder();
        versions.forEach((version, v) -> {
            JsonArrayBuilder firing = Json.createArrayBuilder();
            for (RollbackTriggers.State state : byVersion.getOrDefault(version, List.of())) {
                TriggerDefinition definition = definitions.get(state.trigger());
                JsonObjectBuilder t = Json.createObjectBuilder().add("name", state.trigger())
                        .add("firing", state.firing()).add("since", state.since().toString());
                if (definition != null) {
                    t.add("severity", definition.severity()).add("runbookUrl", TriggerRunbooks.url(definition.runbook()));
                    if (caller.isUser()) {
                        t.add("description", definition.description());
                    }
                    if (caller.isAdmin()) {
                        t.add("expression", definition.expression()); // trigger configuration: ops data
                    }
                }
                if (state.error() != null && caller.isAdmin()) {
                    t.add("error", state.error());
                }
                firing.add(t);
            }
            all.add(v.add("triggers", firing));
        });
        return Json.createObjectBuilder().add("app", appId).add("from", start.toString()).add("to", end.toString())
                .add("freshWithinMs", fresh).add("versions", all).build();
    }

    private static void add(JsonObjectBuilder view, String name, Double value) {
        if (value != null) {
            view.add(name, value);
        }
    }
}
