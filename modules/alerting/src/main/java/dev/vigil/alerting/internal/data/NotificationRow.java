package dev.vigil.alerting.internal.data;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One notification to one channel and its attempts ({@code alerting_notification}). */
@Entity
@Table(name = "alerting_notification")
public class NotificationRow {

    @Id
    @Column(length = 36)
    String id;

    @Column(name = "group_id", length = 36)
    String groupId;

    @Column(name = "channel_id", nullable = false, length = 36)
    String channelId;

    @Column(name = "channel_name", nullable = false, length = 100)
    String channelName;

    @Column(name = "channel_type", nullable = false, length = 16)
    String channelType;

    @Column(nullable = false, length = 16)
    String status;

    @Column(nullable = false)
    int firing;

    @Column(nullable = false)
    int resolved;

    @Column(nullable = false)
    int attempts;

    @Column(name = "created_at", nullable = false)
    long createdAt;

    @Column(name = "triggered_at", nullable = false)
    long triggeredAt;

    @Column(name = "finished_at")
    Long finishedAt;

    @Column(name = "latency_ms")
    Long latencyMs;

    @Column(name = "last_error", length = 500)
    String lastError;

    @Column(nullable = false, length = 65536)
    String message;

    public record View(String id, String groupId, String channelId, String channel, String channelType, String status,
            int firing, int resolved, int attempts, Instant createdAt, Instant triggeredAt, Instant finishedAt,
            Long latencyMs, String lastError) {
    }

    View view() {
        return new View(id, groupId, channelId, channelName, channelType, status, firing, resolved, attempts,
                Instant.ofEpochMilli(createdAt), Instant.ofEpochMilli(triggeredAt), AlertRow.instant(finishedAt), latencyMs,
                lastError);
    }
}
