package dev.vigil.ops.internal.slo;

import dev.vigil.kernel.api.VigilException;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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
 * SLOs are ops data, admin-only like everything under {@code /api/v1/admin}, and again in the data
 * layer ({@link SloBook}). An SLO is named in paths by its name or its id.
 */
@Path("/v1/admin/slos")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin: SLOs")
@SecurityRequirement(name = "userLogin")
public class SlosAdminResource {

    static final String EXAMPLE = "{\"name\": \"reports-availability\", \"owner\": \"platform\","
            + " \"sli\": {\"kind\": \"http-availability\", \"route\": \"/api/v1/reports*\"}, \"objective\": 99.9,"
            + " \"period\": \"30d\", \"policy\": {\"preset\": \"google-30d\"}}";
    static final String OPENSLO_EXAMPLE = "{\"apiVersion\": \"openslo/v1\", \"kind\": \"SLO\", \"metadata\": {\"name\":"
            + " \"checkout-availability\"}, \"spec\": {\"service\": \"checkout\", \"budgetingMethod\": \"Occurrences\","
            + " \"timeWindow\": [{\"duration\": \"30d\", \"isRolling\": true}], \"objectives\": [{\"target\": 0.999}],"
            + " \"indicator\": {\"metadata\": {\"name\": \"checkout-ok\"}, \"spec\": {\"ratioMetric\": {\"counter\": true,"
            + " \"good\": {\"metricSource\": {\"type\": \"Vigil\", \"spec\": {\"kind\": \"http-availability\","
            + " \"route\": \"/api/v1/issues*\"}}}, \"total\": {\"metricSource\": {\"type\": \"Vigil\", \"spec\":"
            + " {\"kind\": \"http-availability\", \"route\": \"/api/v1/issues*\"}}}}}}}}";
    /** The longest backtest, in minutes (31 days: last month). */
    static final int MAX_BACKTEST_MINUTES = 31 * 1440;

    @Inject
    SloBook book;

    @Inject
    SloAlerts alerts;

    @Inject
    SloCatalogue catalogue;

    @Inject
    Clock clock;

    @GET
    @Operation(summary = "Every SLO with its last evaluation: status, burn rate per window, error budget left, alerts firing")
    public List<Map<String, Object>> list() {
        return book.list().stream().map(SloViews::slo).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Define an SLO: name, sli (http-availability, http-latency, check, events), objective (percent),"
            + " period (30d by default, or month), policy (preset google-30d by default, seed-003, or rules)")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "availability", value = EXAMPLE)))
    public Response create(JsonStructure body) {
        return Response.status(201).entity(SloViews.slo(book.create(SloSpec.of(object(body))))).build();
    }

    @POST
    @Path("catalogue")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Enable seed 002's catalogue: API latency and availability (Vigil's own, on from install), and,"
            + " for the app given, crash-free sessions and sync freshness fed by its pushed events")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "app", value = "{\"app\": \"0f5c3d1e-1111-4a2b-9c3d-123456789abc\"}")))
    public Map<String, Object> enableCatalogue(JsonStructure body) {
        JsonObject json = object(body);
        String app = null;
        if (json.containsKey("app")) {
            if (!(json.get("app") instanceof JsonString s) || s.getString().isBlank() || s.getString().length() > 36) {
                throw VigilException.invalid("app must be an app's id");
            }
            app = s.getString();
        }
        if (json.keySet().stream().anyMatch(k -> !k.equals("app"))) {
            throw VigilException.invalid("Send {} or {\"app\": \"<app id>\"}");
        }
        return catalogue.enable(app);
    }

    @GET
    @Path("openslo")
    @Produces({"application/yaml", MediaType.APPLICATION_JSON})
    @Operation(summary = "Every SLO as OpenSLO v1 SLO documents (YAML, one document each)")
    public Response exportAll() {
        return Response.ok(OpenSloExport.yaml(book.list().stream().map(SloStore.Row::slo).toList()), "application/yaml").build();
    }

    @POST
    @Path("openslo")
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    @Operation(summary = "Import OpenSLO v1 SLO documents (YAML or JSON; SLI, AlertPolicy and AlertCondition documents they"
            + " reference may come along): each SLO created, or updated when its name exists; all or none. An SLI whose"
            + " metric source is not Vigil's becomes an events SLI pushed by the app given as ?app=")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "availability", value = OPENSLO_EXAMPLE)))
    public Map<String, List<String>> importOpenSlo(String body, @QueryParam("app") String app) {
        if (app != null && (app.isBlank() || app.length() > 36)) {
            throw VigilException.invalid("app must be an app's id");
        }
        return book.importAll(OpenSlo.read(body == null ? "" : body, app));
    }

    @GET
    @Path("{slo}/openslo")
    @Produces({"application/yaml", MediaType.APPLICATION_JSON})
    @Operation(summary = "One SLO as an OpenSLO v1 SLO document (YAML)")
    public Response exportOne(@PathParam("slo") String slo) {
        return Response.ok(OpenSloExport.yaml(List.of(book.get(slo).slo())), "application/yaml").build();
    }

    @GET
    @Path("{slo}")
    @Operation(summary = "One SLO with its snapshots of the last hours (for charts) and the alerts it raised in them")
    public Map<String, Object> get(@PathParam("slo") String slo, @QueryParam("hours") @DefaultValue("24") int hours) {
        if (hours < 1 || hours > 24 * 14) {
            throw VigilException.invalid("hours must be 1 .. 336");
        }
        SloStore.Row row = book.get(slo);
        long from = SloBook.minute(clock.millis()) - hours * 60L;
        List<SloEvaluations.Snapshot> snapshots = book.snapshots(row.slo().id(), from, hours * 60 + 1);
        Map<String, Object> view = new LinkedHashMap<>(SloViews.slo(row));
        view.put("snapshots", snapshots.stream().map(SloViews::snapshot).toList());
        view.put("alerts", SloViews.alerts(row.slo(), snapshots));
        return view;
    }

    @GET
    @Path("{slo}/minutes")
    @Operation(summary = "The SLI's good and total events per minute over the last hours (at most 168), minutes with events only")
    public List<Map<String, Object>> minutes(@PathParam("slo") String slo, @QueryParam("hours") @DefaultValue("24") int hours) {
        if (hours < 1 || hours > 168) {
            throw VigilException.invalid("hours must be 1 .. 168");
        }
        SloStore.Row row = book.get(slo);
        long to = SloBook.minute(clock.millis()) + 1;
        long from = to - hours * 60L;
        long[][] series = book.series(row.slo().id(), from, to);
        List<Map<String, Object>> minutes = new java.util.ArrayList<>();
        for (int i = 0; i < series[0].length; i++) {
            if (series[1][i] > 0) {
                minutes.add(Map.of("at", SloViews.minute(from + i), "good", series[0][i], "total", series[1][i]));
            }
        }
        return minutes;
    }

    @PUT
    @Path("{slo}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change an SLO; fields left out keep their values")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "objective", value = "{\"objective\": 99.5, \"enabled\": true}")))
    public Map<String, Object> update(@PathParam("slo") String slo, JsonStructure body) {
        SloBook.Updated updated = book.update(slo, SloSpec.of(object(body)));
        alerts.resolveAll(updated.row().slo(), updated.toResolve());
        return SloViews.slo(updated.row());
    }

    @DELETE
    @Path("{slo}")
    @Operation(summary = "Remove an SLO with its counts and snapshots; its alerts are resolved")
    public Response delete(@PathParam("slo") String slo) {
        SloStore.Row row = book.delete(slo);
        alerts.resolveAll(row.slo(), row.state().alerted());
        return Response.noContent().build();
    }

    @POST
    @Path("{slo}/backtest")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "When each alert would have fired and resolved over a time range (at most 31 days): on the SLO's"
            + " stored minutes or a series given, with its policy and objective or others given")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "last week", value = "{\"from\": \"2026-11-01T00:00:00Z\","
                    + " \"to\": \"2026-11-08T00:00:00Z\", \"policy\": {\"preset\": \"seed-003\"}}")))
    public Map<String, Object> backtest(@PathParam("slo") String name, JsonStructure body) {
        JsonObject json = object(body);
        for (String field : json.keySet()) {
            if (!List.of("from", "to", "policy", "objective", "series").contains(field)) {
                throw VigilException.invalid("unknown field '" + field + "' (known: from, to, policy, objective, series)");
            }
        }
        SloStore.Row row = book.get(name);
        long from = minuteOf(json, "from");
        long to = minuteOf(json, "to");
        if (to <= from || to - from > MAX_BACKTEST_MINUTES) {
            throw VigilException.invalid("to must be after from, at most 31 days later");
        }
        SloSpec changes = SloSpec.of(filtered(json));
        Slo slo = changes.apply(row.slo(), row.slo().updatedAt());
        long reach = Math.max(slo.policy().windows().last(), slo.period().longestMinutes());
        BurnMath.Sums series;
        if (json.containsKey("series")) {
            series = given(json.get("series"), from - reach, to);
        } else {
            long[][] stored = book.series(slo.id(), from - reach, to);
            series = new Backtest.Series(from - reach, stored[0], stored[1]);
        }
        Backtest.Result result = Backtest.run(slo, series, from, to, false);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("slo", slo.name());
        view.put("from", SloViews.minute(from));
        view.put("to", SloViews.minute(to));
        view.put("objective", slo.objective());
        view.put("policy", slo.policy().toJson());
        view.put("minutes", to - from);
        view.put("alerts", result.firings().stream().map(f -> SloViews.firing(f, slo)).toList());
        return view;
    }

    /** Only the fields a backtest may change (policy, objective) as an SLO spec. */
    private static JsonObject filtered(JsonObject json) {
        var spec = jakarta.json.Json.createObjectBuilder();
        if (json.containsKey("policy")) {
            spec.add("policy", json.get("policy"));
        }
        if (json.containsKey("objective")) {
            spec.add("objective", json.get("objective"));
        }
        return spec.build();
    }

    /** {@code {"start": "<minute>", "good": [..], "total": [..]}}: one entry per minute from start. */
    private static BurnMath.Sums given(JsonValue value, long earliest, long to) {
        if (!(value instanceof JsonObject series) || !(series.get("good") instanceof JsonArray good)
                || !(series.get("total") instanceof JsonArray total) || good.size() != total.size()) {
            throw VigilException.invalid("series is {\"start\": \"<ISO minute>\", \"good\": [..], \"total\": [..]},"
                    + " one good and one total per minute");
        }
        long start = minuteOf(series, "start");
        if (good.size() > to - earliest || start < earliest || start + good.size() > to) {
            throw VigilException.invalid("series must lie within the range and the windows before it (from "
                    + SloViews.minute(earliest) + " to " + SloViews.minute(to) + ")");
        }
        long[] g = new long[good.size()];
        long[] t = new long[total.size()];
        for (int i = 0; i < g.length; i++) {
            g[i] = count(good.get(i));
            t[i] = count(total.get(i));
            if (g[i] < 0 || t[i] < 0 || g[i] > t[i]) {
                throw VigilException.invalid("series minute " + i + ": good and total must be whole numbers,"
                        + " 0 <= good <= total <= 1000000000");
            }
        }
        return new Backtest.Series(start, g, t);
    }

    /** A count of events: a whole number 0 .. 1,000,000,000, else -1. */
    static long count(JsonValue value) {
        if (!(value instanceof JsonNumber n) || !n.isIntegral() || n.bigDecimalValue().signum() < 0
                || n.bigDecimalValue().compareTo(java.math.BigDecimal.valueOf(1_000_000_000L)) > 0) {
            return -1;
        }
        return n.longValue();
    }

    static long minuteOf(JsonObject json, String field) {
        if (!(json.get(field) instanceof JsonString text)) {
            throw VigilException.invalid(field + " must be a time such as 2026-11-01T00:00:00Z");
        }
        Instant at;
        try {
            at = Instant.parse(text.getString());
        } catch (DateTimeParseException e) {
            throw VigilException.invalid(field + " must be a time such as 2026-11-01T00:00:00Z");
        }
        if (at.getEpochSecond() % 60 != 0 || at.getNano() != 0) {
            throw VigilException.invalid(field + " must be a whole minute (seconds zero)");
        }
        if (at.isBefore(Instant.parse("2000-01-01T00:00:00Z")) || at.isAfter(Instant.parse("2200-01-01T00:00:00Z"))) {
            throw VigilException.invalid(field + " must be between 2000 and 2200");
        }
        return at.getEpochSecond() / 60;
    }

    static JsonObject object(JsonStructure body) {
        if (!(body instanceof JsonObject json)) {
            throw VigilException.invalid("A JSON object is required");
        }
        return json;
    }
}
