package dev.vigil.limits.internal.data;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * Refused or fallback decisions of one policy for one key and outcome in one 5-second window
 * ({@code limits_event}); several servers add to the same row. Written in batches by the pressure
 * flush, read by admins, both only through {@link LimitsData}.
 */
@Entity
@Table(name = "limits_event")
@IdClass(RateLimitEvent.Key.class)
public class RateLimitEvent {

    @Id
    @Column(length = 64)
    private String policy;

    @Id
    @Column(name = "bucket_key", length = 200)
    private String key;

    @Id
    @Column(length = 32)
    private String outcome;

    @Id
    @Column(name = "bucket_start")
    private long bucketStart;

    @Column(nullable = false)
    private long occurrences;

    protected RateLimitEvent() {
    }

    LimitsData.EventView view() {
        return new LimitsData.EventView(policy, key, outcome, bucketStart, occurrences);
    }

    /** The composite key: the id fields, as JPA wants them. */
    public static class Key extends CompositeKey {

        private static final long serialVersionUID = 1L;

        String policy;
        String key;
        String outcome;
        long bucketStart;

        @Override
        Object[] values() {
            return new Object[] {policy, key, outcome, bucketStart};
        }
    }
}
