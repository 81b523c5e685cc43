package dev.vigil.alerting.internal.channels.pagerduty;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A notification as a PagerDuty Events API v2 event: one incident per group, its {@code dedup_key}
 * the SHA-256 of the group key (as Alertmanager keys it), so the group's firing notification
 * triggers the incident, its all-acknowledged notification acknowledges it and its resolved one
 * resolves it. The payload's severity is the highest of the listed alerts'; a {@code runbook_url}
 * becomes a link.
 */
public final class PagerDutyEvent {

    static final int MAX_SUMMARY = 1024;
    static final int MAX_DETAILED_ALERTS = 20;

    private PagerDutyEvent() {
    }

    public static JsonObject of(String routingKey, JsonObject message) {
        String status = message.getString("status");
        String action = switch (status) {
            case "firing" -> "trigger";
            case "acknowledged" -> "acknowledge";
            default -> "resolve";
        };
        String dedupKey = message.getBoolean("test", false) ? "vigil-test-" + sha256(message.toString()).substring(0, 16)
                : sha256(message.getString("groupKey"));
        JsonObjectBuilder event = Json.createObjectBuilder().add("routing_key", routingKey).add("event_action", action)
                .add("dedup_key", dedupKey).add("client", "Vigil");
        if (!action.equals("trigger")) {
            return event.build(); // PagerDuty needs only the key and the action to acknowledge or resolve
        }
        String name = message.getJsonObject("groupLabels").getString("alertname",
                message.getJsonObject("commonLabels").getString("alertname", "alerts"));
        int firing = message.getInt("firing");
        String summary = "[FIRING:" + firing + "] " + name;
        JsonObject commonAnnotations = message.getJsonObject("commonAnnotations");
        if (commonAnnotations.get("summary") instanceof JsonString s) {
            summary += ": " + s.getString();
        }
        String severity = "info";
        String timestamp = null;
        String runbook = null;
        JsonArrayBuilder details = Json.createArrayBuilder();
        int detailed = 0;
        for (JsonValue value : message.getJsonArray("alerts")) {
            JsonObject alert = value.asJsonObject();
            if (!alert.getString("status").equals("firing")) {
                continue;
            }
            severity = higher(severity, alert.getString("severity"));
            timestamp = timestamp == null ? alert.getString("startsAt") : timestamp;
            if (runbook == null && alert.getJsonObject("annotations").get("runbook_url") instanceof JsonString r
                    && r.getString().matches("(?i)https?://\\S+")) {
                runbook = r.getString();
            }
            if (detailed++ < MAX_DETAILED_ALERTS) {
                details.add(Json.createObjectBuilder().add("labels", alert.getJsonObject("labels"))
                        .add("annotations", alert.getJsonObject("annotations")).add("startsAt", alert.getString("startsAt")));
            }
        }
        JsonObjectBuilder payload = Json.createObjectBuilder().add("summary", cut(summary, MAX_SUMMARY))
                .add("source", cut(message.getJsonObject("commonLabels").getString("instance", "vigil"), 255))
                .add("severity", severity).add("class", cut(name, 255)).add("group", cut(message.getString("receiver"), 255))
                .add("custom_details", Json.createObjectBuilder().add("firing", firing)
                        .add("resolved", message.getInt("resolved")).add("alerts", details)
                        .add("commonLabels", message.getJsonObject("commonLabels")));
        if (timestamp != null) {
            payload.add("timestamp", timestamp);
        }
        event.add("payload", payload);
        if (runbook != null) {
            event.add("links", Json.createArrayBuilder().add(Json.createObjectBuilder().add("href", runbook)
                    .add("text", "Runbook")));
        }
        return event.build();
    }

    /** PagerDuty's severities are critical, error, warning and info; Vigil's map onto three of them. */
    private static String higher(String current, String severity) {
        String mapped = switch (severity.toLowerCase(Locale.ROOT)) {
            case "critical" -> "critical";
            case "warning" -> "warning";
            default -> "info";
        };
        return rank(mapped) > rank(current) ? mapped : current;
    }

    private static int rank(String severity) {
        return switch (severity) {
            case "critical" -> 3;
            case "error" -> 2;
            case "warning" -> 1;
            default -> 0;
        };
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
