package dev.vigil.alerting.internal.data;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.io.StringReader;
import java.time.Instant;

/** A silence, maintenance window or inhibition rule ({@code alerting_mute}). */
@Entity
@Table(name = "alerting_mute")
public class MuteRow {

    @Id
    @Column(length = 36)
    String id;

    @Column(nullable = false, length = 16)
    String kind;

    @Column(nullable = false, length = 16384)
    String definition;

    @Column(name = "starts_at")
    Long startsAt;

    @Column(name = "ends_at")
    Long endsAt;

    @Column(length = 1000)
    String comment;

    @Column(name = "created_by", nullable = false, length = 200)
    String createdBy;

    @Column(name = "created_at", nullable = false)
    long createdAt;

    @Column(name = "updated_at", nullable = false)
    long updatedAt;

    /**
     * A mute as admins see it: its definition (matchers; a window's schedule; a rule's source,
     * target and equal labels), a silence's times and state ({@code pending}, {@code active},
     * {@code expired}), who made it and why.
     */
    public record View(String id, String kind, JsonObject definition, Instant startsAt, Instant endsAt, String state,
            String comment, String createdBy, Instant createdAt) {
    }

    View view(long now) {
        String state = null;
        if (kind.equals("silence")) {
            state = now < startsAt ? "pending" : now < endsAt ? "active" : "expired";
        }
        try (JsonReader reader = Json.createReader(new StringReader(definition))) {
            return new View(id, kind, reader.readObject(), AlertRow.instant(startsAt), AlertRow.instant(endsAt), state,
                    comment, createdBy, Instant.ofEpochMilli(createdAt));
        }
    }
}
