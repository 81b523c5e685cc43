package dev.vigil.ops.internal.jobs;

import dev.vigil.kernel.api.Durations;
import dev.vigil.kernel.api.TrackedJob;
import dev.vigil.ops.internal.checks.CheckBook;
import dev.vigil.ops.internal.checks.CheckSettings;
import dev.vigil.ops.internal.slo.SloLedger;
import dev.vigil.ops.internal.slo.SloSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Removes job runs older than {@code vigil.ops.job-runs.retention} (30 days; {@code 30d}, {@code 720h} or ISO
 * {@code P30D}), check flips and minutes past their retention, and SLO counts and snapshots past theirs.
 */
@ApplicationScoped
public class OpsCleanup implements TrackedJob {

    @Inject
    JobHistory history;

    @Inject
    CheckBook checks;

    @Inject
    CheckSettings checkSettings;

    @Inject
    SloLedger slos;

    @Inject
    SloSettings sloSettings;

    @Inject
    @ConfigProperty(name = "vigil.ops.job-runs.retention", defaultValue = "30d")
    String retention;

    @Override
    public String name() {
        return "ops-cleanup";
    }

    @Override
    public Schedule schedule() {
        return Schedule.daily(3, 17);
    }

    @Override
    public String run() {
        int runs = history.deleteStartedBefore(System.currentTimeMillis() - Durations.parse(retention).toMillis());
        int flips = checks.purge(Instant.now().minus(Duration.ofDays(checkSettings.flipRetentionDays())));
        long minute = System.currentTimeMillis() / 60_000;
        // A day of each table's oldest rows a transaction, until nothing older is left (at most 800 rounds).
        long slo = 0;
        for (int round = 0; round < 800; round++) {
            int removed = slos.purge(minute - sloSettings.dataRetentionDays() * 1440L,
                    minute - sloSettings.snapshotRetentionDays() * 1440L);
            slo += removed;
            if (removed == 0) {
                break;
            }
        }
        return "job runs removed: " + runs + ", check flips and minute counts removed: " + flips
                + ", SLO counts and snapshots removed: " + slo;
    }
}
