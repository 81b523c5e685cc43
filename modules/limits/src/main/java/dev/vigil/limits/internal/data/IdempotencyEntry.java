package dev.vigil.limits.internal.data;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * A stored idempotency key ({@code limits_idempotency}), mapped for the admin statistics and the
 * expiry; its stored response stays unmapped here. The replay of an app's own key on its own
 * request is the request's state, not ops data: {@code IdempotencyStore} reads that row by scope and
 * key on the request path.
 */
@Entity
@Table(name = "limits_idempotency")
@IdClass(IdempotencyEntry.Key.class)
public class IdempotencyEntry {

    @Id
    @Column(length = 200)
    private String scope;

    @Id
    @Column(name = "idem_key", length = 255)
    private String key;

    /** Null while the first request with this key is still in flight. */
    @Column
    private Integer status;

    @Column(name = "expires_at", nullable = false)
    private long expiresAt;

    protected IdempotencyEntry() {
    }

    /** The composite key: the id fields, as JPA wants them. */
    public static class Key extends CompositeKey {

        private static final long serialVersionUID = 1L;

        String scope;
        String key;

        @Override
        Object[] values() {
            return new Object[] {scope, key};
        }
    }
}
