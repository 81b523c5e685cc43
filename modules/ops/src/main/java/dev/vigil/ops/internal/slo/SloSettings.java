package dev.vigil.ops.internal.slo;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The SLO knobs ({@code vigil.ops.slo.*}), read once. */
@ApplicationScoped
public class SloSettings {

    /** The most sources one SLO takes pushes from (each source's minutes are kept apart). */
    static final int MAX_SOURCES = 50;

    @Inject
    @ConfigProperty(name = "vigil.ops.slo.max", defaultValue = "2000")
    int max;

    @Inject
    @ConfigProperty(name = "vigil.ops.slo.snapshot-retention-days", defaultValue = "14")
    int snapshotRetentionDays;

    @Inject
    @ConfigProperty(name = "vigil.ops.slo.data-retention-days", defaultValue = "100")
    int dataRetentionDays;

    /** The most SLOs (each is evaluated every minute; 1..10,000). */
    public int max() {
        return Math.max(1, Math.min(10_000, max));
    }

    /** Days of snapshots kept (1..400). */
    public int snapshotRetentionDays() {
        return Math.max(1, Math.min(400, snapshotRetentionDays));
    }

    /** Days of per-minute and per-hour counts kept: at least a 90-day period and its edges (92..800). */
    public int dataRetentionDays() {
        return Math.max(92, Math.min(800, dataRetentionDays));
    }
}
