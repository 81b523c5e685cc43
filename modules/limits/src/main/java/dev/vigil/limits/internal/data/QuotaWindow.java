package dev.vigil.limits.internal.data;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * One fixed window of a distributed quota ({@code limits_quota}), mapped for the expiry. Claims on
 * it are the limiter's hot path and stay in {@code QuotaStore} (row lock, one round trip).
 */
@Entity
@Table(name = "limits_quota")
@IdClass(QuotaWindow.Key.class)
public class QuotaWindow {

    @Id
    @Column(length = 64)
    private String policy;

    @Id
    @Column(name = "bucket_key", length = 200)
    private String key;

    @Id
    @Column(name = "window_start")
    private long windowStart;

    @Column(name = "expires_at", nullable = false)
    private long expiresAt;

    protected QuotaWindow() {
    }

    /** The composite key: the id fields, as JPA wants them. */
    public static class Key extends CompositeKey {

        private static final long serialVersionUID = 1L;

        String policy;
        String key;
        long windowStart;

        @Override
        Object[] values() {
            return new Object[] {policy, key, windowStart};
        }
    }
}
