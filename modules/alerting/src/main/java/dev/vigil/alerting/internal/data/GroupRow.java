package dev.vigil.alerting.internal.data;

import dev.vigil.alerting.internal.model.JsonMaps;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;

/** A group of alerts on one route ({@code alerting_group}). */
@Entity
@Table(name = "alerting_group")
public class GroupRow {

    @Id
    @Column(length = 36)
    String id;

    @Column(name = "group_key", nullable = false, length = 64)
    String groupKey;

    @Column(name = "route_path", nullable = false, length = 200)
    String routePath;

    @Column(nullable = false, length = 100)
    String receiver;

    @Column(name = "group_labels", nullable = false, length = 16384)
    String groupLabels;

    @Column(name = "created_at", nullable = false)
    long createdAt;

    @Column(name = "changed_at")
    Long changedAt;

    @Column(name = "next_flush_at")
    Long nextFlushAt;

    @Column(name = "last_flush_at")
    Long lastFlushAt;

    @Column(name = "last_notified_at")
    Long lastNotifiedAt;

    @Column(name = "group_wait_ms", nullable = false)
    long groupWaitMs;

    @Column(name = "group_interval_ms", nullable = false)
    long groupIntervalMs;

    @Column(name = "repeat_interval_ms", nullable = false)
    long repeatIntervalMs;

    public record View(String id, String route, String receiver, Map<String, String> groupLabels, long alerts,
            Instant createdAt, Instant nextLookAt, Instant lastNotifiedAt, long groupWaitMs, long groupIntervalMs,
            long repeatIntervalMs) {
    }

    View view(long alerts) {
        return new View(id, routePath, receiver, JsonMaps.read(groupLabels), alerts, Instant.ofEpochMilli(createdAt),
                AlertRow.instant(nextFlushAt), AlertRow.instant(lastNotifiedAt), groupWaitMs, groupIntervalMs,
                repeatIntervalMs);
    }
}
