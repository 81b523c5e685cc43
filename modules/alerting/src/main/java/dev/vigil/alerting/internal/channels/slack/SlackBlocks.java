package dev.vigil.alerting.internal.channels.slack;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Map;

/**
 * A message as a Slack incoming webhook takes it: {@code text} (the notification's fallback line,
 * which Mattermost shows) and Block Kit {@code blocks}: a header, one section per alert (at most
 * {@link #MAX_ALERTS}), and a context line. Texts are cut to Block Kit's limits (header 150,
 * section 3000 characters).
 */
public final class SlackBlocks {

    public static final int MAX_ALERTS = 10;

    private SlackBlocks() {
    }

    public static JsonObject of(JsonObject message) {
        String status = message.getString("status");
        int firing = message.getInt("firing");
        int resolved = message.getInt("resolved");
        String name = message.getJsonObject("groupLabels").getString("alertname",
                message.getJsonObject("commonLabels").getString("alertname", "alerts"));
        int count = status.equals("firing") ? firing
                : status.equals("acknowledged") ? message.getInt("acknowledged", 0) : resolved;
        String title = status.equals("digest")
                ? "DIGEST: " + message.getJsonObject("commonAnnotations").getString("summary", name)
                : status.toUpperCase(java.util.Locale.ROOT) + ":" + count + " " + name;
        JsonArrayBuilder blocks = Json.createArrayBuilder();
        blocks.add(Json.createObjectBuilder().add("type", "header")
                .add("text", Json.createObjectBuilder().add("type", "plain_text").add("text", cut(title, 150))));
        int shown = 0;
        for (JsonValue value : message.getJsonArray("alerts")) {
            if (shown++ == MAX_ALERTS) {
                break;
            }
            JsonObject alert = value.asJsonObject();
            StringBuilder text = new StringBuilder();
            text.append('*').append(escape(alert.getString("status").toUpperCase(java.util.Locale.ROOT))).append("* ")
                    .append(escape(alert.getJsonObject("labels").getString("alertname", "alert")))
                    .append(" (").append(escape(alert.getString("severity"))).append(")\n");
            JsonObject annotations = alert.getJsonObject("annotations");
            if (annotations.get("summary") instanceof JsonString summary) {
                text.append(escape(summary.getString())).append('\n');
            }
            if (annotations.get("runbook_url") instanceof JsonString runbook) {
                text.append("Runbook: ").append(escape(runbook.getString())).append('\n');
            }
            StringBuilder labels = new StringBuilder();
            for (Map.Entry<String, JsonValue> label : alert.getJsonObject("labels").entrySet()) {
                if (label.getValue() instanceof JsonString s) {
                    labels.append(labels.length() == 0 ? "" : ", ").append(label.getKey()).append('=').append(s.getString());
                }
            }
            text.append('`').append(escape(labels.toString()).replace("`", "'")).append('`');
            blocks.add(Json.createObjectBuilder().add("type", "section")
                    .add("text", Json.createObjectBuilder().add("type", "mrkdwn").add("text", cut(text.toString(), 3000))));
        }
        int more = message.getJsonArray("alerts").size() - MAX_ALERTS + message.getInt("truncatedAlerts");
        String context = "Vigil · receiver " + message.getString("receiver") + " · " + firing + " firing, " + resolved
                + " resolved" + (more > 0 ? " · " + more + " more not shown" : "");
        blocks.add(Json.createObjectBuilder().add("type", "context").add("elements", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("type", "mrkdwn").add("text", cut(escape(context), 3000)))));
        return Json.createObjectBuilder().add("text", cut("[" + title + "] " + firing + " firing, " + resolved + " resolved",
                3000)).add("blocks", blocks).build();
    }

    /** Slack's three control characters, escaped as its docs ask. */
    public static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    public static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
