package dev.vigil.alerting.internal.http;

import dev.vigil.alerting.api.AlertSignal;
import dev.vigil.alerting.api.Alerts;
import dev.vigil.alerting.api.Severity;
import dev.vigil.alerting.internal.AlertService;
import dev.vigil.alerting.internal.store.AlertStore;
import dev.vigil.alerting.internal.model.JsonMaps;
import dev.vigil.kernel.api.Audience;
import dev.vigil.kernel.api.Caller;
import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.VigilException;
import dev.vigil.limits.api.RateLimited;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Alerts from outside: an app (its alerts are its own: another app's alert with the same labels is
 * another alert) or an admin, in Vigil's shape or in Alertmanager's webhook payload. Every alert
 * is committed before the answer.
 */
@ApplicationScoped
@Path("/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "alerts")
public class AlertsResource {

    /** At most this many alerts in one Alertmanager payload. */
    static final int MAX_ALERTS = 1000;
    static final Instant ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    static final String EXAMPLE = "{\"name\": \"DiskFull\", \"severity\": \"critical\", \"labels\": {\"instance\": \"db-1\"},"
            + " \"annotations\": {\"summary\": \"disk 97% full\", \"runbook_url\": \"https://runbooks.example.com/disk\"},"
            + " \"status\": \"firing\"}";

    static final String ALERTMANAGER_EXAMPLE = "{\"version\": \"4\", \"status\": \"firing\", \"receiver\": \"vigil\","
            + " \"groupKey\": \"{}:{alertname=\\\"DiskFull\\\"}\", \"truncatedAlerts\": 0,"
            + " \"groupLabels\": {\"alertname\": \"DiskFull\"}, \"commonLabels\": {\"alertname\": \"DiskFull\"},"
            + " \"commonAnnotations\": {}, \"externalURL\": \"http://alertmanager:9093\","
            + " \"alerts\": [{\"status\": \"firing\", \"labels\": {\"alertname\": \"DiskFull\", \"severity\": \"critical\","
            + " \"instance\": \"db-1\"}, \"annotations\": {\"summary\": \"disk 97% full\"},"
            + " \"startsAt\": \"2026-11-30T10:00:00Z\", \"endsAt\": \"0001-01-01T00:00:00Z\","
            + " \"generatorURL\": \"http://prometheus:9090/graph\", \"fingerprint\": \"c4a7a1bd0c2e4f10\"}]}";

    @Inject
    AlertService alerts;

    @Context
    HttpServletRequest request;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Audience({Audience.Who.APP, Audience.Who.ADMIN})
    @RateLimited(policy = "alerts", key = RateLimited.KeyKind.CALLER)
    @SecurityRequirement(name = "appKey")
    @SecurityRequirement(name = "adminLogin")
    @Operation(summary = "Raise or resolve one alert: name, severity (info, warning, critical), labels, annotations,"
            + " an optional dedup key (else the labels are its identity), status firing or resolved, and times")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "alert", value = EXAMPLE)))
    public JsonObject post(JsonStructure body) {
        JsonObject json = object(body, "The body");
        known(json, Set.of("name", "severity", "source", "labels", "annotations", "dedupKey", "status", "startsAt",
                "endsAt"));
        String name = string(json, "name", true);
        Severity severity = Severity.parse(string(json, "severity", true))
                .orElseThrow(() -> VigilException.invalid("severity is info, warning or critical"));
        String source = Optional.ofNullable(string(json, "source", false)).orElse("api");
        String status = Optional.ofNullable(string(json, "status", false)).orElse("firing");
        if (!status.equals("firing") && !status.equals("resolved")) {
            throw VigilException.invalid("status is firing or resolved");
        }
        boolean firing = status.equals("firing");
        Instant at = time(json, firing ? "startsAt" : "endsAt");
        AlertSignal signal = signal(source, name, severity, map(json, "labels"), map(json, "annotations"),
                string(json, "dedupKey", false), at);
        if (firing) {
            return view(raise(signal));
        }
        return view(resolve(signal).orElseThrow(() -> VigilException.notFound("Alert")));
    }

    @POST
    @Path("alertmanager")
    @Consumes(MediaType.APPLICATION_JSON)
    @Audience({Audience.Who.APP, Audience.Who.ADMIN})
    @RateLimited(policy = "alerts", key = RateLimited.KeyKind.CALLER)
    @SecurityRequirement(name = "appKey")
    @SecurityRequirement(name = "adminLogin")
    @Operation(summary = "Alertmanager's webhook payload (version 4), as a webhook_config with the app key as its"
            + " bearer credential sends it: each alert fires or resolves; the severity label says how urgent it is")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "alertmanager", value = ALERTMANAGER_EXAMPLE)))
    public JsonObject alertmanager(JsonStructure body) {
        JsonObject json = object(body, "The body");
        if (!(json.get("alerts") instanceof JsonArray list)) {
            throw VigilException.invalid("alerts is a list (Alertmanager's webhook payload, version 4)");
        }
        if (json.get("version") instanceof JsonString version && !version.getString().equals("4")) {
            throw VigilException.invalid("Only version 4 of Alertmanager's webhook payload is understood");
        }
        if (list.size() > MAX_ALERTS) {
            throw VigilException.invalid("At most " + MAX_ALERTS + " alerts in one payload");
        }
        // Every alert is checked before any is stored, so a bad payload changes nothing.
        record Item(AlertSignal signal, boolean firing) {
        }
        java.util.List<Item> items = new java.util.ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonObject alert = object(list.get(i), "alerts[" + i + "]");
            Map<String, String> labels = map(alert, "labels");
            String status = Optional.ofNullable(string(alert, "status", false)).orElse("firing");
            if (!status.equals("firing") && !status.equals("resolved")) {
                throw VigilException.invalid("alerts[" + i + "].status is firing or resolved");
            }
            boolean firing = status.equals("firing");
            Instant at = time(alert, firing ? "startsAt" : "endsAt");
            String name = labels.getOrDefault("alertname", "alert");
            AlertSignal signal = signal("alertmanager", name, Severity.ofPrometheusLabel(labels.get("severity")), labels,
                    map(alert, "annotations"), null, at);
            try {
                AlertService.check(signal);
            } catch (IllegalArgumentException e) {
                throw VigilException.invalid("alerts[" + i + "]: " + e.getMessage());
            }
            items.add(new Item(signal, firing));
        }
        int fired = 0;
        int resolved = 0;
        int capped = 0;
        // Resolves first: they are what frees an app at its cap, whatever the payload's order.
        for (Item item : items) {
            if (!item.firing()) {
                resolved += resolve(item.signal()).map(o -> o.changed() ? 1 : 0).orElse(0);
            }
        }
        for (Item item : items) {
            if (item.firing()) {
                try {
                    fired += alerts.raise(appId(), item.signal()).changed() ? 1 : 0;
                } catch (IllegalArgumentException e) {
                    throw VigilException.invalid(e.getMessage());
                } catch (AlertStore.CapReached e) {
                    capped++;
                }
            }
        }
        if (capped > 0) {
            throw new VigilException(ErrorCode.RATE_LIMITED, capped + " of " + items.size() + " alerts not opened: this app"
                    + " holds as many open alerts as it may (vigil.alerting.max-open-per-app); the rest were taken");
        }
        return Json.createObjectBuilder().add("received", items.size()).add("fired", fired).add("resolved", resolved)
                .build();
    }

    private Alerts.Outcome raise(AlertSignal signal) {
        try {
            return alerts.raise(appId(), signal);
        } catch (IllegalArgumentException e) {
            throw VigilException.invalid(e.getMessage());
        } catch (AlertStore.CapReached e) {
            throw new VigilException(ErrorCode.RATE_LIMITED, e.getMessage());
        }
    }

    private Optional<Alerts.Outcome> resolve(AlertSignal signal) {
        try {
            return alerts.resolve(appId(), signal);
        } catch (IllegalArgumentException e) {
            throw VigilException.invalid(e.getMessage());
        }
    }

    /** An app's alerts are its own; an admin's are Vigil's. */
    private String appId() {
        return Caller.fromAttribute(request.getAttribute(Caller.REQUEST_ATTRIBUTE)).appId().orElse(null);
    }

    private static AlertSignal signal(String source, String name, Severity severity, Map<String, String> labels,
            Map<String, String> annotations, String dedupKey, Instant at) {
        try {
            return new AlertSignal(source, name, severity, labels, annotations, dedupKey, at);
        } catch (RuntimeException e) {
            throw VigilException.invalid(e.getMessage());
        }
    }

    private static JsonObject view(Alerts.Outcome outcome) {
        return Json.createObjectBuilder().add("id", outcome.alertId()).add("state", outcome.state())
                .add("changed", outcome.changed()).build();
    }

    private static JsonObject object(JsonValue value, String what) {
        if (!(value instanceof JsonObject object)) {
            throw VigilException.invalid(what + " must be a JSON object");
        }
        return object;
    }

    private static void known(JsonObject json, Set<String> fields) {
        for (String key : json.keySet()) {
            if (!fields.contains(key)) {
                throw VigilException.invalid("Unknown field '" + (key.length() > 64 ? key.substring(0, 64) : key) + "'");
            }
        }
    }

    private static String string(JsonObject json, String key, boolean required) {
        JsonValue value = json.get(key);
        if (value == null || value == JsonValue.NULL) {
            if (required) {
                throw VigilException.invalid(key + " is required");
            }
            return null;
        }
        if (!(value instanceof JsonString s)) {
            throw VigilException.invalid(key + " must be a string");
        }
        return s.getString();
    }

    private static Map<String, String> map(JsonObject json, String key) {
        JsonValue value = json.get(key);
        if (value == null || value == JsonValue.NULL) {
            return Map.of();
        }
        if (!(value instanceof JsonObject object)) {
            throw VigilException.invalid(key + " must be an object of strings");
        }
        try {
            return JsonMaps.strings(object);
        } catch (IllegalArgumentException e) {
            throw VigilException.invalid(key + ": " + e.getMessage());
        }
    }

    /** An RFC 3339 time, or null when absent or Alertmanager's zero time; never after now. */
    private static Instant time(JsonObject json, String key) {
        String text = string(json, key, false);
        if (text == null) {
            return null;
        }
        try {
            Instant at = OffsetDateTime.parse(text).toInstant();
            return at.equals(ZERO_TIME) || at.isBefore(ZERO_TIME.plusSeconds(1)) ? null : at;
        } catch (DateTimeParseException e) {
            throw VigilException.invalid(key + " is an RFC 3339 time like 2026-11-30T10:00:00Z");
        }
    }
}
