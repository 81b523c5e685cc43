package dev.vigil.resilience.internal.queue;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The queue's numbers: attempts and store failures counted as they happen, and a sample of the
 * table (jobs per kind and state, the oldest queued job) taken every second, which the gauges,
 * readiness and the queued cap read.
 */
@ApplicationScoped
public class QueueMetrics {

    private static final Logger LOG = Logger.getLogger(QueueMetrics.class.getName());
    static final List<String> STATES = List.of(QueueStore.QUEUED, QueueStore.RUNNING, QueueStore.DEAD);

    private static final Metadata JOBS = Metadata.builder().withName("vigil_queue_jobs")
            .withDescription("Jobs in the work queue per kind and state (queued, running, dead), sampled every second").build();
    private static final Metadata OLDEST = Metadata.builder().withName("vigil_queue_oldest_age_seconds")
            .withDescription("Age of the oldest queued job per kind, sampled every second; 0 when none is queued").build();
    private static final Metadata ATTEMPTS = Metadata.builder().withName("vigil_queue_attempts")
            .withDescription("Ends of job attempts per kind: succeeded, retried, deferred (breaker open or bulkhead full; no attempt spent), dead").build();
    private static final Metadata STORE_FAILURES = Metadata.builder().withName("vigil_queue_store_failures")
            .withDescription("Work queue database operations that failed, per operation").build();
    private static final Metadata LEASES_LOST = Metadata.builder().withName("vigil_queue_leases_lost")
            .withDescription("Jobs a server finished after its lease had passed (another server may run them again)").build();
    private static final Metadata LEASES_EXPIRED = Metadata.builder().withName("vigil_queue_leases_expired")
            .withDescription("Jobs queued again because the server holding them died or stalled past the lease").build();

    /** One sample of the table. */
    public record Sample(Map<String, Map<String, Long>> jobs, Map<String, Long> oldestCreatedAt, long takenAt) {

        public long jobs(String kind, String state) {
            return jobs.getOrDefault(kind, Map.of()).getOrDefault(state, 0L);
        }

        public long oldestAgeSeconds(String kind, long now) {
            Long created = oldestCreatedAt.get(kind);
            return created == null ? 0 : Math.max(0, (now - created) / 1000);
        }
    }

    @Inject
    MetricRegistry metrics;

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private volatile Sample sample = new Sample(Map.of(), Map.of(), 0);
    /** Jobs this server reserved against a kind's cap and the next sample cannot see yet. */
    private final Map<String, AtomicLong> reserved = new ConcurrentHashMap<>();
    private ScheduledFuture<?> sampling;
    private volatile boolean sampleFailing;

    void register(Collection<String> kinds) {
        for (String kind : kinds) {
            for (String state : STATES) {
                metrics.gauge(JOBS, this, m -> m.sample.jobs(kind, state), new Tag("kind", kind), new Tag("state", state));
            }
            metrics.gauge(OLDEST, this, m -> m.sample.oldestAgeSeconds(kind, System.currentTimeMillis()),
                    new Tag("kind", kind));
        }
        QueueStore store = new QueueStore(dataSource);
        sampling = scheduler.scheduleWithFixedDelay(() -> take(store), 0, 1, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (sampling != null) {
            sampling.cancel(false);
        }
    }

    private void take(QueueStore store) {
        Map<String, Long> inCount = new HashMap<>();
        try {
            Map<String, Map<String, Long>> jobs = new HashMap<>();
            Map<String, Long> oldest = new HashMap<>();
            long before = System.currentTimeMillis();
            // Jobs committed before the count begins are in it: their reservations go once the new
            // sample is out (until then they count twice, which only refuses early). Reservations
            // committed later, or not yet, are kept for the next sample.
            committed.forEach((kind, done) -> inCount.put(kind, done.getAndSet(0)));
            for (QueueStore.Count count : store.counts()) {
                jobs.computeIfAbsent(count.kind(), k -> new HashMap<>()).put(count.state(), count.jobs());
                if (QueueStore.QUEUED.equals(count.state())) {
                    oldest.put(count.kind(), count.oldestCreatedAt());
                }
            }
            sample = new Sample(jobs, oldest, before);
            inCount.forEach((kind, done) -> reserved.get(kind).addAndGet(-done));
            sampleFailing = false;
        } catch (SQLException | RuntimeException e) {
            inCount.forEach((kind, done) -> committed.get(kind).addAndGet(done)); // for the next sample
            storeFailure("sample");
            if (!sampleFailing) {
                sampleFailing = true;
                LOG.warning(() -> "Work queue sample failed (the gauges keep the last one): " + e.getMessage());
            }
        }
    }

    public Sample sample() {
        return sample;
    }

    /** Committed reservations the next sample will count. */
    private final Map<String, AtomicLong> committed = new ConcurrentHashMap<>();

    /**
     * Reserves room for {@code jobs} new jobs of a kind under its cap: the last sample plus what this
     * server reserved since. False (nothing reserved) when they do not fit.
     */
    boolean reserve(String kind, int jobs, long cap) {
        AtomicLong mine = reserved.computeIfAbsent(kind, k -> new AtomicLong());
        committed.computeIfAbsent(kind, k -> new AtomicLong());
        long after = mine.addAndGet(jobs);
        if (sample.jobs(kind, QueueStore.QUEUED) + after > cap) {
            mine.addAndGet(-jobs);
            return false;
        }
        return true;
    }

    /** The reserved jobs were not queued (the insert failed or the caller's transaction rolled back). */
    void unreserve(String kind, int jobs) {
        reserved.get(kind).addAndGet(-jobs);
    }

    /** The reserved jobs are committed: the next sample counts them, and their reservation goes. */
    void committed(String kind, int jobs) {
        committed.get(kind).addAndGet(jobs);
    }

    public void attempt(String kind, String outcome) {
        attempts(kind, outcome, 1);
    }

    public void attempts(String kind, String outcome, long jobs) {
        metrics.counter(ATTEMPTS, new Tag("kind", kind), new Tag("outcome", outcome)).inc(jobs);
    }

    public void storeFailure(String operation) {
        metrics.counter(STORE_FAILURES, new Tag("operation", operation)).inc();
    }

    void leasesLost(int jobs) {
        metrics.counter(LEASES_LOST).inc(jobs);
    }

    void leasesExpired(int jobs) {
        metrics.counter(LEASES_EXPIRED).inc(jobs);
    }

    public Set<String> kindsSampled() {
        return sample.jobs().keySet();
    }
}
