package dev.vigil.intake.internal.issues;

import dev.vigil.kernel.api.DatabaseFailures;
import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.VigilException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Group commit for issue reports: reports arriving together are stored in one transaction, and
 * each request is answered only after the transaction holding its report has committed.
 *
 * <p>No thread of its own: a request queues its report, and whichever waiting request takes the
 * writer's lock stores everything queued (up to {@link #MAX_BATCH}) in one transaction, completes
 * each report's outcome, and wakes the next waiter to write the next batch. An idle server stores a
 * lone report at once; under load, batches grow by themselves with the reports that arrived while
 * the previous one was committing. A batch that fails for any reason but an unreachable database is
 * retried one report per transaction, so one report never fails others.
 */
@ApplicationScoped
public class ReportBatches {

    private static final Metadata ISSUE_REPORT_BATCH_SIZE = Metadata.builder().withName("vigil_issue_report_batch_size")
            .withDescription("Reports stored together in one transaction (group commit), per batch").build();
    private static final Metadata ISSUE_REPORT_BATCHES = Metadata.builder().withName("vigil_issue_report_batches")
            .withDescription("Report batches by outcome: stored, retried report by report, or failed").build();

    static final int MAX_BATCH = 200;

    /** Longest a report waits for a writer before its request is refused with 503. */
    static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private static final Logger LOG = Logger.getLogger(ReportBatches.class.getName());
    private static final long NAP_NANOS = Duration.ofMillis(5).toNanos();

    @Inject
    IssueIntake intake;

    @Inject
    GroupRegistry groups;

    @Inject
    MetricRegistry metrics;

    private Histogram batchSizes;
    private Counter committed;
    private Counter retriedOneByOne;
    private Counter failed;
    private Counter timedOut;

    private final Queue<Waiting> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writer = new ReentrantLock();

    /** A queued report and, once its batch ended, its receipt or why it failed. */
    private static final class Waiting {
        final ReportPreparation.Prepared report;
        final Thread thread = Thread.currentThread();
        volatile IssueIntake.Receipt receipt;
        volatile Exception failure;
        volatile boolean done;

        Waiting(ReportPreparation.Prepared report) {
            this.report = report;
        }

        void finish(IssueIntake.Receipt receipt, Exception failure) {
            this.receipt = receipt;
            this.failure = failure;
            this.done = true;
            LockSupport.unpark(thread);
        }
    }

    /** The metrics, looked up once instead of per batch. */
    @PostConstruct
    void registerMetrics() {
        batchSizes = metrics.histogram(ISSUE_REPORT_BATCH_SIZE);
        committed = outcome("committed");
        retriedOneByOne = outcome("retried_one_by_one");
        failed = outcome("failed");
        timedOut = outcome("timed_out");
    }

    private Counter outcome(String outcome) {
        return metrics.counter(ISSUE_REPORT_BATCHES, new Tag("outcome", outcome));
    }

    /** Stores the report with whatever else is queued; returns once it is committed. */
    public IssueIntake.Receipt submit(ReportPreparation.Prepared report) throws SQLException {
        Waiting mine = new Waiting(report);
        queue.add(mine);
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        boolean interrupted = false;
        try {
            while (!mine.done) {
                if (writer.tryLock()) {
                    try {
                        while (!mine.done) {
                            writeNextBatch();
                        }
                    } finally {
                        if (!mine.done) {
                            queue.remove(mine); // failed itself (an Error): its report must not be stored later
                        }
                        writer.unlock();
                        Waiting next = queue.peek();
                        if (next != null) {
                            LockSupport.unpark(next.thread);
                        }
                    }
                } else if (System.nanoTime() - deadline > 0 && queue.remove(mine)) {
                    timedOut.inc();
                    throw new VigilException(ErrorCode.DEPENDENCY_UNAVAILABLE,
                            "The report could not be stored in time; retry shortly");
                } else {
                    LockSupport.parkNanos(this, NAP_NANOS);
                    interrupted |= Thread.interrupted();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        Exception failure = mine.failure;
        if (failure instanceof SQLException e) {
            throw e;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException("The report was not stored", failure);
        }
        return mine.receipt;
    }

    /** With the writer's lock held: stores the oldest queued reports in one transaction. */
    private void writeNextBatch() {
        List<Waiting> batch = new ArrayList<>();
        for (Waiting next; batch.size() < MAX_BATCH && (next = queue.poll()) != null; ) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            batchSizes.update(batch.size());
            List<IssueIntake.Receipt> receipts = intake.storeTogether(batch.stream().map(w -> w.report).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).finish(receipts.get(i), null);
            }
            committed.inc();
        } catch (Exception e) {
            groups.forget();
            if (DatabaseFailures.isUnavailable(e)) {
                LOG.warning(() -> "A batch of " + batch.size() + " issue reports was not stored: " + e);
                failed.inc();
                batch.forEach(waiting -> waiting.finish(null, e));
            } else {
                // One report's data, a client report id another server stored in the same instant,
                // a deadlock with another server's batch: each report on its own, so one report
                // never fails the others.
                LOG.fine(() -> "A batch of " + batch.size() + " reports failed; storing them one by one: " + e);
                retriedOneByOne.inc();
                batch.forEach(this::storeAlone);
            }
        } finally {
            // Whatever ended this batch (an Error included), no waiter is left waiting for it.
            for (Waiting waiting : batch) {
                if (!waiting.done) {
                    waiting.finish(null, new IllegalStateException("The report's batch ended without an outcome"));
                }
            }
        }
    }

    /**
     * One report in its own transaction. A constraint it breaks (its client report id stored
     * meanwhile) or a conflict with another transaction is a race worth one more try: the second
     * try finds the stored report and answers with it.
     */
    private void storeAlone(Waiting waiting) {
        Exception last = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                waiting.finish(intake.storeTogether(List.of(waiting.report)).get(0), null);
                return;
            } catch (Exception e) {
                last = e;
                if (!DatabaseFailures.isConstraintViolation(e) && !DatabaseFailures.isTransactionConflict(e)) {
                    break;
                }
            }
        }
        failed.inc();
        waiting.finish(null, last);
    }
}
