package dev.vigil.alerting.internal.data;

import dev.vigil.alerting.internal.model.JsonMaps;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;

/** An alert ({@code alerting_alert}). */
@Entity
@Table(name = "alerting_alert")
public class AlertRow {

    @Id
    @Column(length = 36)
    String id;

    @Column(nullable = false, length = 64)
    String identity;

    @Column(name = "dedup_key", length = 255)
    String dedupKey;

    @Column(name = "app_id", length = 36)
    String appId;

    @Column(nullable = false, length = 64)
    String source;

    @Column(nullable = false, length = 200)
    String name;

    @Column(nullable = false, length = 16)
    String severity;

    @Column(nullable = false, length = 16384)
    String labels;

    @Column(nullable = false, length = 32768)
    String annotations;

    @Column(nullable = false, length = 16)
    String state;

    @Column(name = "starts_at", nullable = false)
    long startsAt;

    @Column(name = "ends_at")
    Long endsAt;

    @Column(name = "first_seen_at", nullable = false)
    long firstSeenAt;

    @Column(name = "last_seen_at", nullable = false)
    long lastSeenAt;

    @Column(name = "fired_at", nullable = false)
    long firedAt;

    @Column(name = "raise_count", nullable = false)
    long raiseCount;

    @Column(name = "ack_by", length = 200)
    String ackBy;

    @Column(name = "ack_comment", length = 1000)
    String ackComment;

    @Column(name = "ack_until")
    Long ackUntil;

    @Column(name = "updated_at", nullable = false)
    long updatedAt;

    @Column(name = "muted_by", length = 300)
    String mutedBy;

    /** An alert as admins see it; {@code mutedBy} says what kept a firing alert from being notified at its last look. */
    public record View(String id, String name, String severity, String state, String source, String appId,
            String dedupKey, String fingerprint, Map<String, String> labels, Map<String, String> annotations,
            Instant startsAt, Instant endsAt, Instant firstSeenAt, Instant lastSeenAt, long raises,
            Acknowledgement acknowledgement, String mutedBy) {
    }

    public record Acknowledgement(String by, String comment, Instant until) {
    }

    View view() {
        return new View(id, name, severity, state, source, appId, dedupKey, identity.substring(0, 16),
                JsonMaps.read(labels), JsonMaps.read(annotations), Instant.ofEpochMilli(startsAt), instant(endsAt),
                Instant.ofEpochMilli(firstSeenAt), Instant.ofEpochMilli(lastSeenAt), raiseCount,
                ackBy == null ? null : new Acknowledgement(ackBy, ackComment, instant(ackUntil)),
                state.equals("firing") ? mutedBy : null);
    }

    static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
