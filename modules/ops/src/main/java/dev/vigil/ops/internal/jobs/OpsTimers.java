package dev.vigil.ops.internal.jobs;

import dev.vigil.kernel.api.JobRuns;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/**
 * The ops module's persistent timers. They live in the shared database, so one server of several
 * runs each expiration, and another takes over when it dies (see {@code missedTaskThreshold} in
 * server.xml). The work commits in its own transactions, recorded by {@link JobRunLog}.
 */
@Singleton
public class OpsTimers {

    @Inject
    JobRuns runs;

    @Inject
    OpsCleanup cleanup;

    @Schedule(hour = "3", minute = "17", persistent = true, info = "ops-cleanup")
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void cleanup() {
        runs.run(cleanup, "timer");
    }
}
