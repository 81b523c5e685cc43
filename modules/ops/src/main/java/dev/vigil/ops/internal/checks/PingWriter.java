package dev.vigil.ops.internal.checks;

import dev.vigil.kernel.api.DatabaseFailures;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Group commit for pings: each ping waits in a bounded queue, and the writer threads take what has
 * gathered (up to {@link #BATCH}) into one {@link PingLedger} transaction, then answer every ping of
 * the batch. Under load many pings share one commit; alone, a ping is written at once. A batch that
 * fails is tried again ping by ping, so one bad ping fails only itself. A full queue refuses at once
 * (the servlet answers 503), so a slow database holds at most the queue, not every request thread
 * and every pooled connection.
 */
@ApplicationScoped
public class PingWriter {

    /** Most pings in one transaction. */
    static final int BATCH = 200;
    private static final Logger LOG = Logger.getLogger(PingWriter.class.getName());

    @Inject
    PingLedger ledger;

    @Inject
    CheckSettings settings;

    @Inject
    Clock clock;

    @Resource
    ManagedThreadFactory threads;

    private record Pending(PingLedger.Queued ping, Ticket ticket) {
        CompletableFuture<Optional<CheckBook.Changed>> done() {
            return ticket.done();
        }
    }

    /**
     * A queued ping as its caller holds it: the commit to wait for, and a claim that decides, once,
     * whether a writer takes the ping or its caller abandons it.
     */
    public static final class Ticket {
        private static final int QUEUED = 0;
        private static final int TAKEN = 1;
        private static final int ABANDONED = 2;

        private final CompletableFuture<Optional<CheckBook.Changed>> done = new CompletableFuture<>();
        private final AtomicInteger claim = new AtomicInteger(QUEUED);

        public CompletableFuture<Optional<CheckBook.Changed>> done() {
            return done;
        }

        /** True when no writer has taken the ping, which then is never written; false when one has. */
        public boolean abandon() {
            return claim.compareAndSet(QUEUED, ABANDONED);
        }

        boolean take() {
            return claim.compareAndSet(QUEUED, TAKEN);
        }
    }

    /** Pings waiting for a writer; with bodies of up to 10,000 bytes, at most about 40 MB. */
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(2_000);
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running = true;
    private volatile boolean started;

    /**
     * Queues the ping, stamped with the time it arrived; the ticket's future completes once its
     * transaction commits (empty when it names no pingable check), or fails when the queue is full,
     * the writer is stopping or the ping's batch failed. A caller that gives up abandons the ticket:
     * a ping no writer has taken is then never written, so a client's retry after a 503 does not
     * count twice; one already taken is being written, and its commit is worth waiting for.
     */
    public Ticket write(String checkId, CheckBook.Received received) {
        start();
        Ticket ticket = new Ticket();
        if (!running) {
            ticket.done().completeExceptionally(new IllegalStateException("ping writer stopped"));
        } else if (!queue.offer(new Pending(new PingLedger.Queued(checkId, received, clock.instant()), ticket))) {
            ticket.done().completeExceptionally(new IllegalStateException("ping queue full"));
        } else if (!running) {
            failQueued(); // stopped meanwhile: no writer will take it
        }
        return ticket;
    }

    private void start() {
        if (started) {
            return;
        }
        synchronized (writers) {
            if (started || !running) {
                return;
            }
            started = true;
            for (int i = 0; i < settings.pingWriters(); i++) {
                Thread t = threads.newThread(this::loop);
                t.setName("vigil-ping-writer-" + i);
                t.setDaemon(true);
                writers.add(t);
                t.start();
            }
        }
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>(BATCH);
        while (running) {
            try {
                Pending first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                batch.removeIf(p -> !p.ticket().take()); // its caller gave up (503): not written
                if (!batch.isEmpty()) {
                    write(batch);
                }
            } catch (InterruptedException e) {
                // Not a way to stop (running is): a writer leaves only when the application stops.
                LOG.fine("Ping writer interrupted; carrying on while the application runs");
            } catch (RuntimeException | Error e) {
                // Never leave a caller waiting on a batch this thread could not finish.
                batch.forEach(p -> p.done().completeExceptionally(e));
                LOG.warning(() -> "Ping writer: " + e);
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending> batch) {
        try {
            List<Optional<CheckBook.Changed>> changes = ledger.record(batch.stream().map(Pending::ping).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done().complete(changes.get(i));
            }
        } catch (RuntimeException e) {
            // Only data a statement refused is worth trying ping by ping (so one bad ping fails alone);
            // a slow, locked or absent database would only be asked 200 times over.
            if (batch.size() == 1 || !DatabaseFailures.isBadData(e)) {
                batch.forEach(p -> p.done().completeExceptionally(e));
                return;
            }
            for (Pending pending : batch) {
                try {
                    pending.done().complete(ledger.record(List.of(pending.ping())).get(0));
                } catch (RuntimeException alone) {
                    pending.done().completeExceptionally(alone);
                }
            }
        }
    }

    private void failQueued() {
        Pending left;
        while ((left = queue.poll()) != null) {
            left.done().completeExceptionally(new IllegalStateException("ping writer stopped"));
        }
    }

    /**
     * Stops taking pings and lets the writers finish the batch in hand (they are not interrupted: an
     * interrupt in the middle of embedded H2's file I/O closes the database). What is left queued fails.
     */
    @PreDestroy
    void stop() {
        running = false;
        synchronized (writers) {
            for (Thread t : writers) {
                try {
                    t.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        failQueued();
    }
}
