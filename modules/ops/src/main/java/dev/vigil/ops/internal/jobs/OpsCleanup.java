package dev.vigil.ops.internal.jobs;

import dev.vigil.kernel.api.Durations;
import dev.vigil.kernel.api.TrackedJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Removes job runs older than {@code vigil.ops.job-runs.retention} (30 days; {@code 30d}, {@code 720h} or ISO {@code P30D}). */
@ApplicationScoped
public class OpsCleanup implements TrackedJob {

    @Inject
    JobHistory history;

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
        return "job runs removed: "
                + history.deleteStartedBefore(System.currentTimeMillis() - Durations.parse(retention).toMillis());
    }
}
