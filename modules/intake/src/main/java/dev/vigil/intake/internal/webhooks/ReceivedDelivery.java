package dev.vigil.intake.internal.webhooks;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;

/**
 * An accepted delivery ({@code intake_webhook_delivery}). Stored with one JDBC insert on the
 * delivery path (a unique violation is the replay answer) and read by admins with JPQL, both only
 * through {@link WebhookData}.
 */
@Entity
@Table(name = "intake_webhook_delivery")
public class ReceivedDelivery {

    @Id
    @Column(length = 36)
    private String id;

    @Column(name = "source_id", nullable = false, length = 36)
    private String sourceId;

    @Column(name = "delivery_id", nullable = false, length = 200)
    private String deliveryId;

    @Column(name = "content_hash", length = 64)
    private String contentHash;

    @Column(name = "received_at", nullable = false)
    private long receivedAt;

    @Column(name = "content_type", nullable = false, length = 100)
    private String contentType;

    @Lob
    @Basic(fetch = FetchType.LAZY)
    @Column(nullable = false)
    private String body;

    protected ReceivedDelivery() {
    }
}
