package dev.vigil.ingest.internal.triggers;

import dev.vigil.kernel.api.SchemaReady;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * {@code vigil_rollback_triggers_firing}: app versions with a firing rollback trigger (pairs of
 * trigger and version), read from the shared state so every server reports the same; read at most
 * every 10 seconds.
 */
@ApplicationScoped
public class TriggerMetrics {

    private static final Metadata FIRING = Metadata.builder().withName("vigil_rollback_triggers_firing")
            .withDescription("Rollback triggers firing, counted per app version").build();
    private static final long FRESH_MILLIS = 10_000;

    @Inject
    MetricRegistry registry;

    @Inject
    RollbackTriggers triggers;

    private volatile long value;
    private volatile long readAt;

    void onSchemaReady(@Observes SchemaReady ready) {
        registry.gauge(FIRING, this, TriggerMetrics::firing);
    }

    long firing() {
        long now = System.currentTimeMillis();
        if (now - readAt >= FRESH_MILLIS) {
            try {
                value = triggers.firingCount();
            } catch (SQLException e) {
                // the last value stands; readiness reports the database
            }
            readAt = now;
        }
        return value;
    }
}
