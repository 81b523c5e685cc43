package dev.vigil.limits.internal.cleanup;

import dev.vigil.kernel.api.Durations;
import dev.vigil.kernel.api.TrackedJob;
import dev.vigil.limits.internal.data.LimitsData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Removes quota windows that have ended, idempotency keys past their 24 h, and rate-limit events
 * older than {@code vigil.limits.events.retention} (7 days), through {@link LimitsData} as the
 * system identity every tracked job runs as; each table in a transaction of its own, so a large
 * backlog in one neither holds the others' locks nor rolls them back. Indexes on
 * {@code expires_at} / {@code bucket_start} keep the deletes cheap.
 */
@ApplicationScoped
public class LimitsCleanup implements TrackedJob {

    @Inject
    LimitsData data;

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
    public String run() {
        long now = System.currentTimeMillis();
        int windows = data.purgeQuotaWindows(now);
        int keys = data.purgeIdempotencyKeys(now);
        int events = data.purgeEvents(now - Durations.parse(eventRetention).toMillis());
        return "expired quota windows " + windows + ", idempotency keys " + keys + ", events " + events;
    }
}
