package dev.vigil.resilience.internal.queue;

import dev.vigil.kernel.api.Ids;
import dev.vigil.resilience.api.JobRequest;
import dev.vigil.resilience.api.QueueSaturated;
import dev.vigil.resilience.api.WorkQueue;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Queues jobs: one batch insert, in the caller's transaction when there is one (the jobs exist only
 * if the caller's work commits), then wakes this server's dispatcher once they are committed.
 *
 * <p>The queued cap is checked against the last second's sample plus what this server queued since:
 * a burst across several servers may pass it by what they queue within that second, never more.
 */
@ApplicationScoped
public class QueueService implements WorkQueue {

    /** What a refused caller is told to wait. */
    static final long SATURATED_RETRY_AFTER_SECONDS = 30;

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transactions;

    @Inject
    QueueSettings settings;

    @Inject
    QueueMetrics metrics;

    @Inject
    Dispatcher dispatcher;

    @Override
    public String enqueue(JobRequest request) {
        return enqueueAll(List.of(request)).get(0);
    }

    @Override
    public List<String> enqueueAll(List<JobRequest> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        Map<String, Integer> perKind = new LinkedHashMap<>();
        for (JobRequest request : requests) {
            if (!dispatcher.handles(request.kind())) {
                throw new IllegalArgumentException("No job handler for kind '" + request.kind() + "'");
            }
            perKind.merge(request.kind(), 1, Integer::sum);
        }
        perKind.forEach((kind, jobs) -> {
            if (metrics.queued(kind) + jobs > settings.limits(kind).maxQueued()) {
                metrics.attempt(kind, "refused");
                throw new QueueSaturated(kind, SATURATED_RETRY_AFTER_SECONDS);
            }
        });
        long now = System.currentTimeMillis();
        List<QueueStore.NewJob> jobs = new ArrayList<>(requests.size());
        for (JobRequest request : requests) {
            QueueSettings.KindLimits limits = settings.limits(request.kind());
            long availableAt = now + request.delay().toMillis();
            jobs.add(new QueueStore.NewJob(Ids.newId(), request, limits.maxAttempts(), now, availableAt,
                    now + limits.ttl().toMillis()));
        }
        try {
            new QueueStore(dataSource).insert(jobs);
        } catch (SQLException e) {
            metrics.storeFailure("enqueue");
            throw new IllegalStateException("Jobs not queued: " + e.getMessage(), e);
        }
        perKind.forEach(metrics::enqueued);
        wakeAfterCommit();
        return jobs.stream().map(QueueStore.NewJob::id).toList();
    }

    private void wakeAfterCommit() {
        if (transactions != null && transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        dispatcher.wakeUp();
                    }
                }
            });
        } else {
            dispatcher.wakeUp();
        }
    }
}
