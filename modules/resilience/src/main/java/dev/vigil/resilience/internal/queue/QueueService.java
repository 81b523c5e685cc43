package dev.vigil.resilience.internal.queue;

import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.Ids;
import dev.vigil.kernel.api.VigilException;
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
 * <p>The queued cap: a batch is refused with {@code 400} when it could never fit, and with
 * {@code 503 queue_saturated} when the kind's queued jobs (the last second's sample) plus what this
 * server has reserved since would pass it. Each server reserves before it inserts, so one server
 * never passes the cap; servers queueing at once may together pass it by what they queue within one
 * sample (a second).
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
        if (!dispatcher.started()) {
            throw new VigilException(ErrorCode.DEPENDENCY_UNAVAILABLE, "The work queue is not running yet");
        }
        Map<String, Integer> perKind = new LinkedHashMap<>();
        for (JobRequest request : requests) {
            if (!dispatcher.handles(request.kind())) {
                throw new IllegalArgumentException("No job handler for kind '" + request.kind() + "'");
            }
            QueueSettings.KindLimits limits = settings.limits(request.kind());
            if (request.delay().compareTo(limits.ttl()) >= 0) {
                throw VigilException.invalid("A job of kind '" + request.kind() + "' must be able to run within its time"
                        + " to live (" + limits.ttl().toSeconds() + " s); the delay asked is " + request.delay().toSeconds() + " s");
            }
            perKind.merge(request.kind(), 1, Integer::sum);
        }
        for (Map.Entry<String, Integer> kind : perKind.entrySet()) {
            int cap = settings.limits(kind.getKey()).maxQueued();
            if (kind.getValue() > cap) {
                throw VigilException.invalid("At most " + cap + " jobs of kind '" + kind.getKey() + "' can be queued");
            }
        }
        Map<String, Integer> reserved = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Integer> kind : perKind.entrySet()) {
                if (!metrics.reserve(kind.getKey(), kind.getValue(), settings.limits(kind.getKey()).maxQueued())) {
                    metrics.attempts(kind.getKey(), "refused", kind.getValue());
                    throw new QueueSaturated(kind.getKey(), SATURATED_RETRY_AFTER_SECONDS);
                }
                reserved.put(kind.getKey(), kind.getValue());
            }
            long now = System.currentTimeMillis();
            List<QueueStore.NewJob> jobs = new ArrayList<>(requests.size());
            for (JobRequest request : requests) {
                QueueSettings.KindLimits limits = settings.limits(request.kind());
                jobs.add(new QueueStore.NewJob(Ids.newId(), request, limits.maxAttempts(), now,
                        now + request.delay().toMillis(), now + limits.ttl().toMillis()));
            }
            try {
                new QueueStore(dataSource).insert(jobs);
            } catch (SQLException e) {
                metrics.storeFailure("enqueue");
                throw new IllegalStateException("Jobs not queued: " + e.getMessage(), e);
            }
            afterCommit(reserved);
            reserved = Map.of();
            return jobs.stream().map(QueueStore.NewJob::id).toList();
        } finally {
            reserved.forEach(metrics::unreserve);
        }
    }

    /** Once the jobs are committed: their reservations pass to the next sample and the dispatcher wakes. */
    private void afterCommit(Map<String, Integer> reserved) {
        if (transactions != null && transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        reserved.forEach(metrics::committed);
                        dispatcher.wakeUp();
                    } else {
                        reserved.forEach(metrics::unreserve);
                    }
                }
            });
        } else {
            reserved.forEach(metrics::committed);
            dispatcher.wakeUp();
        }
    }

    /** Wakes this server's dispatcher once the caller's transaction commits (at once without one). */
    public void wakeAfterCommit() {
        afterCommit(Map.of());
    }

}
