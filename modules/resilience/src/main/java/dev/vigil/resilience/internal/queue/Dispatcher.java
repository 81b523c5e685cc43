package dev.vigil.resilience.internal.queue;

import dev.vigil.kernel.api.Ids;
import dev.vigil.kernel.api.SchemaReady;
import dev.vigil.resilience.api.JobHandler;
import dev.vigil.resilience.api.QueuedJob;
import dev.vigil.resilience.api.ServerName;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * This server's side of the queue: one dispatcher thread (from Liberty's managed thread factory)
 * claims due jobs in batches, kind by kind within each kind's cap of jobs held per server, and hands
 * them to {@code workers} at a time on Liberty's managed executor; it deletes finished jobs in
 * batches and re-queues expired leases. It sleeps up to the poll interval and is woken by an
 * enqueue on this server, a finished job, or the maintenance timer.
 *
 * <p>A claimed job is started only while at least half of its lease remains; otherwise it is given
 * back (its attempt refunded), so a job never starts on a lease that could run out under it.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());
    private static final long LOG_EVERY_MILLIS = 60_000;

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Resource
    ManagedExecutorService executor;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    QueueSettings settings;

    @Inject
    QueueMetrics metrics;

    @Inject
    Instance<JobHandler> handlerBeans;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean woken;
    private volatile boolean running;
    private volatile Thread thread;
    private volatile QueueStore store;
    private volatile Semaphore workers;
    private final Map<String, JobHandler> handlers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> held = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<QueueStore.Claimed> finished = new ConcurrentLinkedQueue<>();
    /** Claimed jobs waiting for a worker, one queue per kind, taken in turn so no kind starves another. */
    private final Map<String, ConcurrentLinkedQueue<QueueStore.Claimed>> ready = new ConcurrentHashMap<>();
    private volatile List<String> kindOrder = List.of();
    private final AtomicInteger turn = new AtomicInteger();
    private final AtomicLong lastStoreLog = new AtomicLong(Long.MIN_VALUE / 2);
    private long nextSweep;

    void start(@Observes SchemaReady schemaReady) {
        store = new QueueStore(dataSource);
        workers = new Semaphore(settings.workers());
        for (JobHandler handler : handlerBeans) {
            held.put(handler.kind(), new AtomicInteger());
            ready.put(handler.kind(), new ConcurrentLinkedQueue<>());
            handlers.put(handler.kind(), handler);
        }
        kindOrder = handlers.keySet().stream().sorted().toList();
        metrics.register(handlers.keySet());
        running = true;
        thread = threads.newThread(this::loop);
        thread.setName("vigil-queue-dispatcher");
        thread.start();
        LOG.info(() -> "Work queue dispatcher started on " + ServerName.get() + ": " + settings.workers()
                + " workers, kinds " + handlers.keySet());
    }

    /**
     * Stops claiming, lets running jobs end (up to half a lease), deletes the finished ones and gives
     * back the claimed ones that did not start: a redeploy neither runs a job twice nor holds one for
     * a lease.
     */
    @PreDestroy
    void stop() {
        running = false;
        wakeUp();
        Thread t = thread;
        if (t != null) {
            try {
                t.join(settings.lease().toMillis() / 2 + 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether this server's dispatcher thread is alive. */
    public boolean started() {
        Thread t = thread;
        return running && t != null && t.isAlive();
    }

    public boolean handles(String kind) {
        return handlers.containsKey(kind);
    }

    public List<String> kinds() {
        return kindOrder;
    }

    QueueStore store() {
        return store;
    }

    /** Wakes the dispatcher: there is new work on this server, or a worker finished. */
    public void wakeUp() {
        lock.lock();
        try {
            woken = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (running) {
            try {
                boolean progressed = flushFinished();
                long now = System.currentTimeMillis();
                if (now >= nextSweep) {
                    sweep(now);
                    nextSweep = now + Math.max(1000, settings.lease().toMillis() / 4);
                }
                progressed |= claim(now);
                progressed |= startReady();
                if (!progressed) {
                    pause();
                }
            } catch (SQLException e) {
                storeFailed("dispatch", e);
                pause();
            } catch (Throwable e) { // an Error too: a dead dispatcher would stop this server's share of the queue
                LOG.log(Level.WARNING, "Work queue dispatcher failed; it goes on after the poll interval", e);
                pause();
            }
        }
        drain();
        LOG.info("Work queue dispatcher stopped");
    }

    private void drain() {
        long now = System.currentTimeMillis();
        for (ConcurrentLinkedQueue<QueueStore.Claimed> jobs : ready.values()) {
            QueueStore.Claimed job;
            while ((job = jobs.poll()) != null) {
                giveBack(job, now);
            }
        }
        try {
            if (!workers.tryAcquire(settings.workers(), settings.lease().toMillis() / 2, TimeUnit.MILLISECONDS)) {
                LOG.warning("Work queue stopped with jobs still running; their leases will expire");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            flushFinished();
        } catch (Exception e) {
            LOG.warning(() -> "Finished jobs not deleted at stop; they run again after their leases: " + e);
        }
    }

    private void pause() {
        lock.lock();
        try {
            if (!woken && running) {
                wake.await(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            }
            woken = false;
        } catch (InterruptedException e) {
            running = false;
        } finally {
            lock.unlock();
        }
    }

    private void sweep(long now) throws SQLException {
        int requeued = store.requeueExpiredLeases(now);
        if (requeued > 0) {
            LOG.warning(() -> requeued + " queued jobs had expired leases (a server died or stalled); queued again");
            metrics.leasesExpired(requeued);
        }
    }

    private boolean flushFinished() throws SQLException {
        if (finished.isEmpty()) {
            return false;
        }
        List<QueueStore.Claimed> done = new ArrayList<>();
        QueueStore.Claimed job;
        while ((job = finished.poll()) != null) {
            done.add(job);
        }
        int lost;
        try {
            lost = store.complete(done);
        } catch (SQLException | RuntimeException e) {
            finished.addAll(done); // tried again; the lease keeps the jobs until then
            throw e;
        }
        if (lost > 0) {
            metrics.leasesLost(lost);
            LOG.warning(() -> lost + " finished jobs had lost their leases (ran too long or the clock is off);"
                    + " another server may run them again");
        }
        Map<String, Integer> perKind = new HashMap<>();
        for (QueueStore.Claimed d : done) {
            perKind.merge(d.kind(), 1, Integer::sum);
        }
        perKind.forEach((kind, jobs) -> {
            held.get(kind).addAndGet(-jobs);
            metrics.attempts(kind, "succeeded", jobs);
        });
        return true;
    }

    private boolean claim(long now) throws SQLException {
        boolean claimed = false;
        for (String kind : kindOrder) {
            ConcurrentLinkedQueue<QueueStore.Claimed> waiting = ready.get(kind);
            int room = Math.min(settings.batch() - waiting.size(), settings.limits(kind).maxRunning() - held.get(kind).get());
            if (room <= 0) {
                continue;
            }
            long leaseUntil = now + settings.lease().toMillis();
            List<QueueStore.Claimed> jobs = store.claim(kind, room, ServerName.get(), Ids.newId(), now, leaseUntil);
            held.get(kind).addAndGet(jobs.size());
            waiting.addAll(jobs);
            claimed |= !jobs.isEmpty();
        }
        return claimed;
    }

    private boolean anyReady() {
        for (ConcurrentLinkedQueue<QueueStore.Claimed> jobs : ready.values()) {
            if (!jobs.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** The next claimed job, taking the kinds in turn. */
    private QueueStore.Claimed next() {
        List<String> kinds = kindOrder;
        int start = Math.floorMod(turn.getAndIncrement(), Math.max(1, kinds.size()));
        for (int i = 0; i < kinds.size(); i++) {
            QueueStore.Claimed job = ready.get(kinds.get((start + i) % kinds.size())).poll();
            if (job != null) {
                return job;
            }
        }
        return null;
    }

    /** Starts workers, up to {@code workers} at a time; each takes claimed jobs until none is left. */
    private boolean startReady() {
        boolean started = false;
        while (anyReady() && workers.tryAcquire()) {
            try {
                executor.execute(this::work);
                started = true;
            } catch (RuntimeException rejected) {
                workers.release();
                LOG.warning(() -> "Managed executor refused a queue worker; trying again: " + rejected);
                return started;
            }
        }
        return started;
    }

    private void work() {
        try {
            QueueStore.Claimed job;
            while (running && (job = next()) != null) {
                Thread.interrupted(); // a job that was interrupted (a timeout) must not fail the next one
                if (job.leaseExpiresAt() - System.currentTimeMillis() < settings.lease().toMillis() / 2) {
                    giveBack(job, System.currentTimeMillis());
                } else {
                    runJob(job);
                }
            }
        } finally {
            workers.release();
            wakeUp();
        }
    }

    private void giveBack(QueueStore.Claimed job, long now) {
        try {
            store.release(job, now, true, null);
        } catch (SQLException e) {
            storeFailed("release", e); // its lease expires and it is queued again
        } catch (RuntimeException e) {
            LOG.warning(() -> "Queued job " + job.id() + " not given back; its lease will expire: " + e);
        } finally {
            held.get(job.kind()).decrementAndGet();
        }
    }

    private void runJob(QueueStore.Claimed job) {
        boolean finishedHere = false;
        try {
            Verdicts.Dead dead = Verdicts.beforeRun(job, System.currentTimeMillis());
            if (dead != null) {
                apply(job, dead);
                return;
            }
            try {
                handlers.get(job.kind()).handle(new QueuedJob(job.id(), job.kind(), job.partitionKey(), job.payload(),
                        job.attempt(), job.maxAttempts(), Instant.ofEpochMilli(job.createdAt())));
                finished.add(job);
                finishedHere = true;
            } catch (Exception | Error failure) {
                apply(job, Verdicts.afterFailure(job, failure, System.currentTimeMillis(), settings.backoff()));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Queued job " + job.id() + " could not be finished; its lease will expire", e);
        } finally {
            if (!finishedHere) {
                held.get(job.kind()).decrementAndGet();
            }
        }
    }

    private void apply(QueueStore.Claimed job, Verdicts.Verdict verdict) {
        if (verdict instanceof Verdicts.Defer d) {
            release(job, d.availableAt(), true, null, "deferred");
        } else if (verdict instanceof Verdicts.Retry r) {
            release(job, r.availableAt(), false, r.error(), "retried");
        } else if (verdict instanceof Verdicts.Dead d) {
            dead(job, d.reason(), d.error());
        }
    }

    private void release(QueueStore.Claimed job, long availableAt, boolean refund, String error, String outcome) {
        try {
            store.release(job, availableAt, refund, error);
            metrics.attempt(job.kind(), outcome);
        } catch (SQLException e) {
            storeFailed("release", e);
        }
    }

    private void dead(QueueStore.Claimed job, String reason, String error) {
        try {
            if (store.dead(job, reason, error, System.currentTimeMillis())) {
                metrics.attempt(job.kind(), "dead");
                LOG.warning(() -> "Queued job " + job.id() + " (" + job.kind() + ") is dead: " + reason
                        + (error == null ? "" : "; last error: " + error));
            }
        } catch (SQLException e) {
            storeFailed("dead-letter", e);
        }
    }

    private void storeFailed(String operation, SQLException e) {
        metrics.storeFailure(operation);
        long now = System.currentTimeMillis();
        long last = lastStoreLog.get();
        if (now - last >= LOG_EVERY_MILLIS && lastStoreLog.compareAndSet(last, now)) {
            LOG.warning(() -> "Work queue store failed (" + operation + "; counted in"
                    + " vigil_queue_store_failures_total, logged at most once a minute): " + e.getMessage());
        }
    }
}
