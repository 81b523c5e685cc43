package dev.vigil.identity.internal.apps;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/** One API key of an app: its clear prefix, the hash of its secret, and whether it is revoked. */
@Entity
@Table(name = "identity_app_key")
public class AppKey {

    @Id
    @Column(length = 36)
    private String id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "app_id", nullable = false)
    private App app;

    @Column(nullable = false, unique = true, length = 16)
    private String prefix;

    @Column(name = "secret_hash", nullable = false, length = 64)
    private String secretHash;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected AppKey() {
    }

    AppKey(String id, App app, ApiKey key, Instant createdAt) {
        this.id = id;
        this.app = app;
        this.prefix = key.prefix();
        this.secretHash = key.secretHash();
        this.createdAt = createdAt;
    }

    public String id() {
        return id;
    }

    public App app() {
        return app;
    }

    public String prefix() {
        return prefix;
    }

    String secretHash() {
        return secretHash;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Optional<Instant> revokedAt() {
        return Optional.ofNullable(revokedAt);
    }

    void revoke(Instant at) {
        if (revokedAt == null) {
            revokedAt = at;
        }
    }
}
