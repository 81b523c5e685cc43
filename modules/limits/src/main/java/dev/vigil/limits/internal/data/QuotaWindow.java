package dev.vigil.limits.internal.data;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;

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

    /** The composite key, as JPA wants it: a class with the id fields, equals and hashCode. */
    public static class Key implements Serializable {

        private static final long serialVersionUID = 1L;

        String policy;
        String key;
        long windowStart;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key that && java.util.Arrays.equals(values(), that.values());
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(values());
        }

        private Object[] values() {
            return new Object[] {policy, key, windowStart};
        }
    }
}
