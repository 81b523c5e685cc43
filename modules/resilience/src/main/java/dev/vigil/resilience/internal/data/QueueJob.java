package dev.vigil.resilience.internal.data;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A job of the work queue ({@code resilience_job}), mapped for the admin views and an admin's retry
 * or discard. Claims and finishes are the queue's hot path and stay in {@code QueueStore}.
 */
@Entity
@Table(name = "resilience_job")
public class QueueJob {

    @Id
    @Column(length = 36)
    String id;

    @Column(nullable = false, length = 64)
    String kind;

    @Column(name = "partition_key", nullable = false, length = 255)
    String partitionKey;

    @Column(nullable = false, length = 16)
    String state;

    @Column(nullable = false)
    int attempt;

    @Column(name = "max_attempts", nullable = false)
    int maxAttempts;

    @Column(name = "created_at", nullable = false)
    long createdAt;

    @Column(name = "available_at", nullable = false)
    long availableAt;

    @Column(name = "expires_at", nullable = false)
    long expiresAt;

    @Column(name = "lease_owner", length = 200)
    String leaseOwner;

    @Column(name = "last_error", length = 1000)
    String lastError;

    @Column(name = "dead_reason", length = 1000)
    String deadReason;

    @Column(name = "dead_at")
    Long deadAt;

    /** A job as the admin API shows it; never its payload, which may carry what a receiver needs. */
    public record View(String id, String kind, String partitionKey, String state, int attempt, int maxAttempts,
            Instant createdAt, Instant availableAt, Instant expiresAt, String server, String lastError,
            String deadReason, Instant deadAt) {
    }

    View view() {
        return new View(id, kind, partitionKey, state, attempt, maxAttempts, Instant.ofEpochMilli(createdAt),
                Instant.ofEpochMilli(availableAt), Instant.ofEpochMilli(expiresAt), leaseOwner, lastError, deadReason,
                deadAt == null ? null : Instant.ofEpochMilli(deadAt));
    }
}
