package dev.vigil.alerting.internal.channels;

import dev.vigil.alerting.internal.model.JsonMaps;
import dev.vigil.alerting.internal.store.GroupStore;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A notification as Vigil's generic webhook sends it, and as every other channel renders it: one
 * group's firing and newly resolved alerts, in Alertmanager's webhook shape (version {@code "1"} of
 * Vigil's own), made once when the group is looked at so every attempt sends the same text. Its
 * status is {@code firing} while an alert fires, else {@code acknowledged} while an alert is open
 * (its acknowledged alerts are listed then), else {@code resolved}.
 *
 * <pre>{@code
 * {"version": "1", "status": "firing", "receiver": "ops", "groupKey": "...", "groupLabels": {...},
 *  "commonLabels": {...}, "commonAnnotations": {...}, "alerts": [{"id", "status", "severity",
 *  "labels", "annotations", "startsAt", "endsAt", "fingerprint"}], "firing": 1, "acknowledged": 0,
 *  "resolved": 0, "truncatedAlerts": 0}
 * }</pre>
 */
public final class Message {

    private Message() {
    }

    /** The longest message stored and sent, in characters; fewer alerts are listed until it fits. */
    public static final int MAX_CHARS = 60_000;

    public static JsonObject of(GroupStore.Look look) {
        List<GroupStore.Member> listed = new ArrayList<>();
        listed.addAll(look.firing());
        if (look.firing().isEmpty()) {
            listed.addAll(look.acknowledged());
        }
        listed.addAll(look.resolved());
        for (int max = GroupStore.MAX_LISTED; ; max = max / 2) {
            JsonObject message = of(look, listed, max);
            if (max == 0 || message.toString().length() <= MAX_CHARS) {
                return message;
            }
        }
    }

    private static JsonObject of(GroupStore.Look look, List<GroupStore.Member> listed, int max) {
        int truncated = Math.max(0, listed.size() - max);
        List<GroupStore.Member> shown = listed.subList(0, Math.min(listed.size(), max));
        JsonArrayBuilder alerts = Json.createArrayBuilder();
        for (GroupStore.Member member : shown) {
            JsonObjectBuilder alert = Json.createObjectBuilder().add("id", member.alertId())
                    .add("status", member.firing() ? "firing" : member.acknowledged() ? "acknowledged" : "resolved").add("severity", member.severity())
                    .add("labels", JsonMaps.object(member.labels())).add("annotations", JsonMaps.object(member.annotations()))
                    .add("startsAt", Instant.ofEpochMilli(member.startsAt()).toString())
                    .add("fingerprint", member.identity().substring(0, 16));
            if (member.endsAt() != null && !member.firing()) {
                alert.add("endsAt", Instant.ofEpochMilli(member.endsAt()).toString());
            }
            alerts.add(alert);
        }
        return Json.createObjectBuilder().add("version", "1")
                .add("status", look.status())
                .add("receiver", look.receiver()).add("groupKey", look.groupKey())
                .add("groupLabels", JsonMaps.object(look.groupLabels()))
                .add("commonLabels", JsonMaps.object(common(shown, true)))
                .add("commonAnnotations", JsonMaps.object(common(shown, false)))
                .add("alerts", alerts).add("firing", look.firing().size())
                .add("acknowledged", look.acknowledged().size()).add("resolved", look.resolved().size())
                .add("truncatedAlerts", truncated).build();
    }

    /** A test notification for one channel. */
    public static JsonObject test(String channel, String actor, Instant at) {
        Map<String, String> labels = Map.of("alertname", "VigilTestNotification", "severity", "info", "channel", channel);
        return Json.createObjectBuilder().add("version", "1").add("status", "firing").add("receiver", "test")
                .add("groupKey", "test").add("groupLabels", JsonMaps.object(Map.of("alertname", "VigilTestNotification")))
                .add("commonLabels", JsonMaps.object(labels))
                .add("commonAnnotations", JsonMaps.object(Map.of("summary", "A test notification sent by " + actor)))
                .add("alerts", Json.createArrayBuilder().add(Json.createObjectBuilder().add("id", "test")
                        .add("status", "firing").add("severity", "info").add("labels", JsonMaps.object(labels))
                        .add("annotations", JsonMaps.object(Map.of("summary", "A test notification sent by " + actor)))
                        .add("startsAt", at.toString()).add("fingerprint", "test")))
                .add("firing", 1).add("acknowledged", 0).add("resolved", 0).add("truncatedAlerts", 0).add("test", true)
                .build();
    }

    private static Map<String, String> common(List<GroupStore.Member> members, boolean labels) {
        if (members.isEmpty()) {
            return Map.of();
        }
        Map<String, String> common = new LinkedHashMap<>(labels ? members.get(0).labels() : members.get(0).annotations());
        for (GroupStore.Member member : members) {
            Map<String, String> other = labels ? member.labels() : member.annotations();
            common.entrySet().removeIf(e -> !e.getValue().equals(other.get(e.getKey())));
        }
        return common;
    }
}
