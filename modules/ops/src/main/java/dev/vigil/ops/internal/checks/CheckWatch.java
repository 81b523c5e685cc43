package dev.vigil.ops.internal.checks;

import dev.vigil.kernel.api.TrackedJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;

/**
 * Every 30 s, on whichever server the persistent timer fires: each check whose deadline has passed
 * is settled on its own locked row, so it goes down once however many servers look (a second one
 * finds it down), and its alert is raised; a check pinged meanwhile only gets its next deadline.
 * Alerts a server could not deliver after a flip (it died, or alerting failed) are delivered again.
 */
@ApplicationScoped
public class CheckWatch implements TrackedJob {

    static final int BATCH = 500;
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(CheckWatch.class.getName());
    static final int MAX_BATCHES = 20;

    @Inject
    CheckBook book;

    @Inject
    CheckAlerts alerts;

    @Override
    public String name() {
        return "check-watch";
    }

    @Override
    public Schedule schedule() {
        return Schedule.everySeconds(30);
    }

    @Override
    public String run() {
        int down = 0;
        int later = 0;
        int failed = 0;
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            List<String> due = book.due(BATCH);
            for (String id : due) {
                try {
                    var changed = book.settle(id);
                    if (changed.isPresent() && changed.get().flip() != null) {
                        down++;
                        alerts.deliver(changed.get());
                    } else {
                        later++;
                    }
                } catch (RuntimeException e) {
                    // One check that cannot be settled must not keep the others (after it by deadline) up.
                    failed++;
                    LOG.warning(() -> "Check " + id + " not settled: " + e);
                }
            }
            if (due.size() < BATCH || failed >= BATCH) {
                break;
            }
        }
        int redelivered = 0;
        for (CheckBook.Changed pending : book.undelivered(Duration.ofMinutes(1), BATCH)) {
            redelivered += alerts.deliver(pending) ? 1 : 0;
        }
        if (failed > 0) {
            throw new IllegalStateException(failed + " checks could not be settled (" + down + " went down, " + later
                    + " rescheduled, " + redelivered + " alerts delivered again); see the log");
        }
        return down + " checks down, " + later + " rescheduled, " + redelivered + " alerts delivered again";
    }
}
