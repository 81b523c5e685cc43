package dev.vigil.alerting.internal.data;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A channel ({@code alerting_channel}); its credential is sealed and never leaves this class. */
@Entity
@Table(name = "alerting_channel")
public class ChannelRow {

    @Id
    @Column(length = 36)
    String id;

    @Column(nullable = false, length = 100)
    String name;

    @Column(nullable = false, length = 16)
    String type;

    @Column(nullable = false, length = 4000)
    String settings;

    @Column(length = 4000)
    String secret;

    @Column(name = "created_at", nullable = false)
    long createdAt;

    @Column(name = "updated_at", nullable = false)
    long updatedAt;

    /**
     * A channel as admins see it: its settings (a webhook's URL, an email channel's recipients and
     * relay), whether a credential is set, never the credential.
     */
    public record View(String id, String name, String type, String url, java.util.Map<String, String> settings,
            boolean credentialSet, Instant createdAt, Instant updatedAt) {
    }

    View view() {
        java.util.Map<String, String> values = dev.vigil.alerting.internal.model.JsonMaps.read(settings);
        return new View(id, name, type, values.get("url"), values, secret != null, Instant.ofEpochMilli(createdAt),
                Instant.ofEpochMilli(updatedAt));
    }
}
