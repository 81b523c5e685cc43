package dev.vigil.limits.internal.cleanup;

import dev.vigil.kernel.api.Durations;
import dev.vigil.kernel.api.TrackedJob;
import dev.vigil.limits.internal.idempotency.IdempotencyStore;
import dev.vigil.limits.internal.pressure.PressureEvents;
import dev.vigil.limits.internal.quota.QuotaStore;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Removes quota windows that have ended, idempotency keys past their 24 h, and rate-limit events
 * older than {@code vigil.limits.events.retention} (7 days). Each table's owner deletes with one
 * statement in its own transaction; indexes on {@code expires_at} / {@code bucket_start} keep them cheap.
 */
@ApplicationScoped
public class LimitsCleanup implements TrackedJob {

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Inject
    IdempotencyStore idempotency;

    @Inject
    PressureEvents events;

    @Inject
    @ConfigProperty(name = "vigil.limits.events.retention", defaultValue = "7d")
    String eventRetention;

    @Override
    public String name() {
        return "limits-cleanup";
    }

    @Override
    public Schedule schedule() {
        return Schedule.everyMinute();
    }

    @Override
    public String run() throws SQLException {
        long now = System.currentTimeMillis();
        int windows = new QuotaStore(dataSource).deleteExpired(now);
        int keys = idempotency.deleteExpired(now);
        int old = events.deleteBefore(now - Durations.parse(eventRetention).toMillis());
        return "expired quota windows " + windows + ", idempotency keys " + keys + ", events " + old;
    }
}
