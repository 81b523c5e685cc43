package dev.vigil.alerting.internal.channels.email;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Locale;
import java.util.Map;

/**
 * A notification as an email: a subject line like Alertmanager's ({@code [FIRING:2] DiskFull}), a
 * plain-text part and an HTML part with the same content (every text escaped), at most
 * {@link #MAX_ALERTS} alerts listed.
 */
public final class EmailMessage {

    static final int MAX_ALERTS = 50;
    private static final int MAX_SUBJECT = 200;

    private EmailMessage() {
    }

    public record Rendered(String subject, String text, String html) {
    }

    public static Rendered of(JsonObject message) {
        String status = message.getString("status");
        int count = status.equals("firing") ? message.getInt("firing")
                : status.equals("acknowledged") ? message.getInt("acknowledged", 0) : message.getInt("resolved");
        String name = message.getJsonObject("groupLabels").getString("alertname",
                message.getJsonObject("commonLabels").getString("alertname", "alerts"));
        String subject = oneLine(status.equals("digest")
                ? "[DIGEST] " + message.getJsonObject("commonAnnotations").getString("summary", name)
                : "[" + status.toUpperCase(Locale.ROOT) + ":" + count + "] " + name + " (" + message.getString("receiver")
                        + ")", MAX_SUBJECT);
        StringBuilder text = new StringBuilder(subject).append("\n\n");
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family: sans-serif\">")
                .append("<h2>").append(escape(subject)).append("</h2>");
        int shown = 0;
        for (JsonValue value : message.getJsonArray("alerts")) {
            if (shown++ == MAX_ALERTS) {
                break;
            }
            JsonObject alert = value.asJsonObject();
            JsonObject labels = alert.getJsonObject("labels");
            JsonObject annotations = alert.getJsonObject("annotations");
            String head = alert.getString("status").toUpperCase(Locale.ROOT) + " " + labels.getString("alertname", "alert")
                    + " (" + alert.getString("severity") + "), since " + alert.getString("startsAt");
            text.append(head).append('\n');
            html.append("<h3>").append(escape(head)).append("</h3><table>");
            for (Map.Entry<String, JsonValue> annotation : annotations.entrySet()) {
                if (annotation.getValue() instanceof JsonString s) {
                    text.append("  ").append(annotation.getKey()).append(": ").append(s.getString()).append('\n');
                    html.append("<tr><th align=\"left\">").append(escape(annotation.getKey())).append("</th><td>")
                            .append(escape(s.getString())).append("</td></tr>");
                }
            }
            StringBuilder line = new StringBuilder();
            for (Map.Entry<String, JsonValue> label : labels.entrySet()) {
                if (label.getValue() instanceof JsonString s) {
                    line.append(line.length() == 0 ? "" : ", ").append(label.getKey()).append('=').append(s.getString());
                }
            }
            text.append("  labels: ").append(line).append("\n\n");
            html.append("<tr><th align=\"left\">labels</th><td><code>").append(escape(line.toString()))
                    .append("</code></td></tr></table>");
        }
        int more = Math.max(0, message.getJsonArray("alerts").size() - MAX_ALERTS) + message.getInt("truncatedAlerts");
        String footer = "Vigil, receiver " + message.getString("receiver") + ": " + message.getInt("firing") + " firing, "
                + message.getInt("acknowledged", 0) + " acknowledged, " + message.getInt("resolved") + " resolved"
                + (more > 0 ? ", " + more + " more not shown" : "");
        text.append(footer).append('\n');
        html.append("<p style=\"color: #555\">").append(escape(footer)).append("</p></body></html>");
        return new Rendered(subject, text.toString(), html.toString());
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }

    /** A header's value: control characters (a CR or LF would start a header of its own) become spaces. */
    static String oneLine(String text, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char ch = text.charAt(i);
            out.append(Character.isISOControl(ch) ? ' ' : ch);
        }
        return out.toString();
    }
}
