package dev.vigil.limits.internal.cleanup;

import dev.vigil.kernel.api.JobRuns;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/**
 * The limits module's persistent timer: stored in the shared database, so one server of several
 * runs each minute's cleanup and another takes over when it dies. The work commits in its own
 * transactions and every run is recorded ({@link JobRuns}).
 */
@Singleton
public class LimitsTimers {

    @Inject
    JobRuns runs;

    @Inject
    LimitsCleanup cleanup;

    @Schedule(hour = "*", minute = "*", persistent = true, info = "limits-cleanup")
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void cleanup() {
        runs.run(cleanup, "timer");
    }
}
