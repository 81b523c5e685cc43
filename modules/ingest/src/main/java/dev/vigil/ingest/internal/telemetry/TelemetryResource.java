package dev.vigil.ingest.internal.telemetry;

import dev.vigil.kernel.api.AppScope;
import dev.vigil.kernel.api.Audience;
import dev.vigil.kernel.api.Caller;
import dev.vigil.kernel.api.Durations;
import dev.vigil.kernel.api.Times;
import dev.vigil.kernel.api.VigilException;
import dev.vigil.limits.api.RateLimited;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * Apps send client reliability telemetry; apps read their own, members and admins any app's:
 * series of a signal or alias, release health per version, raw events.
 */
@ApplicationScoped
@Path("/v1/telemetry")
@Produces(MediaType.APPLICATION_JSON)
@org.eclipse.microprofile.openapi.annotations.tags.Tag(name = "telemetry")
public class TelemetryResource {

    static final String EXAMPLE = "{\"appVersion\": \"2.3.1\", \"platform\": \"ios\", \"sessionId\": \"s-7f3a\","
            + " \"events\": [{\"id\": \"e-7f3a-1\", \"type\": \"session.start\", \"at\": \"2026-12-01T10:00:00Z\"},"
            + " {\"id\": \"e-7f3a-2\", \"type\": \"sync_queue_block_events\", \"at\": \"2026-12-01T10:00:00Z\", \"value\": 2},"
            + " {\"id\": \"e-7f3a-3\", \"type\": \"upload.failed\", \"at\": \"2026-12-01T10:01:00Z\","
            + " \"attributes\": {\"kind\": \"run\", \"attempt\": 3}},"
            + " {\"id\": \"e-7f3a-4\", \"type\": \"session.end\", \"at\": \"2026-12-01T10:01:00Z\", \"status\": \"ok\"}]}";
    static final int MAX_EVENTS_PAGE = 500;
    private static final Object ONE_WRITER = new Object();
    private static final Metadata EVENTS = Metadata.builder().withName("vigil_telemetry_events")
            .withDescription("Telemetry events received: accepted (new), duplicate (an id sent before), rejected"
                    + " (in a refused batch)").build();

    @Inject
    TelemetryStore store;

    @Inject
    TelemetryQueries queries;

    @Inject
    SignalAliases aliases;

    @Inject
    MetricRegistry metrics;

    @Inject
    HttpServletRequest request;

    @Inject
    @ConfigProperty(name = "vigil.ingest.telemetry-raw-retention", defaultValue = "7d")
    String rawRetention;

    private final Clock clock = Clock.systemUTC();

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Audience(Audience.Who.APP)
    @RateLimited(policy = "telemetry", key = RateLimited.KeyKind.APP)
    @SecurityRequirement(name = "appKey")
    @Operation(summary = "A batch of up to 1,000 client reliability events and counter increments, each with an id"
            + " (ids sent before are duplicates and add nothing), type, time, value (default 1), app version, platform"
            + " and session. 202 {accepted, duplicates} once stored")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "batch", value = EXAMPLE)))
    public Response send(JsonObject batch) throws SQLException {
        String appId = caller().appId().orElseThrow(() -> VigilException.notFound("App"));
        List<TelemetryItem> items;
        try {
            items = TelemetryBatch.read(batch, clock.instant(), Durations.parse(rawRetention));
        } catch (VigilException e) {
            count("rejected", batch.get("events") instanceof JsonArray events ? events.size() : 0);
            throw e;
        }
        TelemetryStore.Receipt receipt;
        if (store.oneWriterAtATime()) {
            synchronized (ONE_WRITER) {
                receipt = store.store(appId, items, clock.millis());
            }
        } else {
            receipt = store.store(appId, items, clock.millis());
        }
        count("accepted", receipt.accepted());
        count("duplicate", receipt.duplicates());
        return Response.accepted(Map.of("accepted", receipt.accepted(), "duplicates", receipt.duplicates())).build();
    }

    @GET
    @Path("series")
    @Audience({Audience.Who.APP, Audience.Who.USER})
    @SecurityRequirement(name = "appKey")
    @SecurityRequirement(name = "userLogin")
    @Operation(summary = "A signal or alias of one app per minute, hour or day (step), summed over the versions asked"
            + " (version, repeatable; default all), or per version with perVersion=true. Default: the last 24 hours by"
            + " hour. Minutes span at most 2 days, hours 62, days 400")
    public JsonObject series(@QueryParam("app") String app, @QueryParam("signal") String signal,
            @QueryParam("version") List<String> versions, @QueryParam("perVersion") @DefaultValue("false") boolean perVersion,
            @QueryParam("step") @DefaultValue("hour") String step, @QueryParam("from") String from,
            @QueryParam("to") String to) throws SQLException {
        String appId = app(caller(), app);
        if (signal == null || signal.isBlank() || signal.length() > 100) {
            throw VigilException.invalid("signal: the signal or alias to read (1 to 100 characters) is required");
        }
        if (versions.size() > 50 || versions.stream().anyMatch(v -> v.length() > 64)) {
            throw VigilException.invalid("version: at most 50 versions of at most 64 characters");
        }
        TelemetryQueries.Step bucket = step(step);
        Instant end = Times.parse("to", to) == null ? clock.instant() : Times.parse("to", to);
        Instant start = Times.parse("from", from) == null ? end.minus(Duration.ofHours(24)) : Times.parse("from", from);
        if (!start.isBefore(end)) {
            throw VigilException.invalid("from must be before to");
        }
        if (Duration.between(start, end).toMinutes() > bucket.maxSpanMinutes) {
            throw VigilException.invalid("A series by " + step + " spans at most " + bucket.maxSpanMinutes / 1440 + " days");
        }
        List<String> sources = aliases.resolve(signal);
        JsonArrayBuilder points = Json.createArrayBuilder();
        List<TelemetryQueries.Point> read = queries.series(appId, sources, versions, perVersion, bucket, start, end);
        for (TelemetryQueries.Point point : read) {
            JsonObjectBuilder p = Json.createObjectBuilder().add("at", point.at().toString());
            if (point.version() != null) {
                p.add("version", point.version());
            }
            points.add(p.add("value", point.value()).add("samples", point.samples()));
        }
        return Json.createObjectBuilder().add("app", appId).add("signal", signal)
                .add("sources", Json.createArrayBuilder(sources)).add("step", bucket.name().toLowerCase(Locale.ROOT))
                .add("from", start.toString()).add("to", end.toString()).add("points", points)
                .add("truncated", read.size() == TelemetryQueries.MAX_POINTS).build();
    }

    @GET
    @Path("events")
    @Audience({Audience.Who.APP, Audience.Who.USER})
    @SecurityRequirement(name = "appKey")
    @SecurityRequirement(name = "userLogin")
    @Operation(summary = "Raw events of one app, newest first (kept vigil.ingest.telemetry-raw-retention, 7 days):"
            + " of one session, one signal, a range (default the last hour); what a device saw around a report")
    public List<JsonObject> events(@QueryParam("app") String app, @QueryParam("session") String session,
            @QueryParam("signal") String signal, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("limit") @DefaultValue("100") int limit) throws SQLException {
        String appId = app(caller(), app);
        if (limit < 1 || limit > MAX_EVENTS_PAGE) {
            throw VigilException.invalid("limit must be 1 to " + MAX_EVENTS_PAGE);
        }
        Instant end = Times.parse("to", to) == null ? clock.instant() : Times.parse("to", to);
        Instant start = Times.parse("from", from) == null ? end.minus(Duration.ofHours(1)) : Times.parse("from", from);
        if (!start.isBefore(end) || Duration.between(start, end).compareTo(Durations.parse(rawRetention)) > 0) {
            throw VigilException.invalid("from must be before to, and the range at most the raw events' retention ("
                    + rawRetention + ")");
        }
        return queries.events(appId, session, signal, start, end, limit).stream().map(e -> {
            JsonObjectBuilder view = Json.createObjectBuilder().add("id", e.id()).add("type", e.signal())
                    .add("at", e.at().toString()).add("value", e.value()).add("appVersion", e.version());
            if (e.platform() != null) {
                view.add("platform", e.platform());
            }
            if (e.sessionId() != null) {
                view.add("sessionId", e.sessionId());
            }
            if (e.status() != null) {
                view.add("status", e.status());
            }
            if (e.attributes() != null) {
                view.add("attributes", Json.createReader(new StringReader(e.attributes())).readObject());
            }
            return view.build();
        }).toList();
    }

    @GET
    @Path("aliases")
    @Audience(Audience.Who.USER)
    @SecurityRequirement(name = "userLogin")
    @Operation(summary = "The alias map (seed 001's additive labels): each alias and the canonical signals it sums")
    public List<JsonObject> aliases() throws SQLException {
        return aliases.all().stream().map(SignalAliasesResource::view).toList();
    }

    /** The app a read is about: an app's own (naming another is 404), or the one a user names. */
    public static String app(Caller caller, String asked) {
        AppScope scope = AppScope.of(caller);
        if (scope.appId().isPresent()) {
            if (asked != null && !asked.equals(scope.appId().get())) {
                throw VigilException.notFound("App");
            }
            return scope.appId().get();
        }
        if (asked == null || asked.isBlank() || asked.length() > 36) {
            throw VigilException.invalid("app: the app's id is required");
        }
        return asked;
    }

    private static TelemetryQueries.Step step(String step) {
        try {
            return TelemetryQueries.Step.valueOf(step.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw VigilException.invalid("step must be minute, hour or day");
        }
    }

    private void count(String outcome, long n) {
        if (n > 0) {
            metrics.counter(EVENTS, new Tag("outcome", outcome)).inc(n);
        }
    }

    private Caller caller() {
        return Caller.fromAttribute(request.getAttribute(Caller.REQUEST_ATTRIBUTE));
    }
}
