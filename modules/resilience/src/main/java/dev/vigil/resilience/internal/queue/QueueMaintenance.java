package dev.vigil.resilience.internal.queue;

import dev.vigil.kernel.api.TrackedJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The queue's tracked timer, every minute on one server: jobs whose server died are queued again,
 * queued jobs past their time to live become dead letters, dead letters past their retention go, and
 * the dispatcher of the server running it is woken. Drill runs are kept as long as dead letters.
 */
@ApplicationScoped
public class QueueMaintenance implements TrackedJob {

    @Inject
    Dispatcher dispatcher;

    @Inject
    QueueSettings settings;

    @Inject
    QueueMetrics metrics;

    @Override
    public String name() {
        return "queue-maintenance";
    }

    @Override
    public Schedule schedule() {
        return Schedule.everyMinute();
    }

    @Override
    public String run() throws Exception {
        QueueStore store = dispatcher.store();
        if (store == null) {
            throw new IllegalStateException("The work queue has not started (schema not ready)");
        }
        long now = System.currentTimeMillis();
        int requeued = store.requeueExpiredLeases(now);
        int expired = store.deadLetterExpired(now);
        int purged = store.purgeDead(now - settings.deadRetention().toMillis());
        int drillRuns = store.purgeDrillRuns(now - settings.deadRetention().toMillis());
        metrics.leasesExpired(requeued);
        dispatcher.wakeUp();
        return "expired leases queued again " + requeued + ", dead past time to live " + expired
                + ", dead letters removed " + purged + ", drill runs removed " + drillRuns;
    }
}
