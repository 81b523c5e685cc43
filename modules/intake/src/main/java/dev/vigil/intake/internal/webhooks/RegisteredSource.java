package dev.vigil.intake.internal.webhooks;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A registered webhook sender ({@code intake_webhook_source}); reached only through {@link WebhookData}. */
@Entity
@Table(name = "intake_webhook_source")
public class RegisteredSource {

    @Id
    @Column(length = 36)
    private String id;

    @Column(nullable = false, unique = true, length = 64)
    private String name;

    @Column(nullable = false, length = 16)
    private String scheme;

    /** Sealed with the secret box; never shown to anyone. */
    @Column(name = "secret", nullable = false, length = 1100)
    private String sealedSecret;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    @Column(name = "created_by", nullable = false, length = 100)
    private String createdBy;

    protected RegisteredSource() {
    }

    RegisteredSource(WebhookData.Source source) {
        this.id = source.id();
        this.name = source.name();
        this.scheme = source.scheme().label();
        this.sealedSecret = source.sealedSecret();
        this.createdAt = source.createdAt().toEpochMilli();
        this.createdBy = source.createdBy();
    }

    WebhookData.Source view() {
        return new WebhookData.Source(id, name, SignatureScheme.parse(scheme).orElseThrow(), sealedSecret,
                Instant.ofEpochMilli(createdAt), createdBy);
    }
}
