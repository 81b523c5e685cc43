package dev.vigil.ops.internal.slo;

import dev.vigil.kernel.api.TrackedJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * {@code slo-evaluate}: every minute at second 30 (the minute before is complete, and every server
 * has stored its API counts of it), on one server, evaluates every enabled SLO and tells alerting.
 */
@ApplicationScoped
public class SloCycle implements TrackedJob {

    @Inject
    SloLedger ledger;

    @Inject
    SloAlerts alerts;

    @Inject
    SloMetrics metrics;

    @Inject
    Clock clock;

    @Override
    public String name() {
        return "slo-evaluate";
    }

    @Override
    public Schedule schedule() {
        return new Schedule("*", "*", "30", Duration.ofMinutes(1));
    }

    @Override
    public String run() {
        long at = SloBook.minute(clock.millis());
        List<SloLedger.Evaluated> evaluated;
        try {
            evaluated = ledger.cycle(at);
        } catch (RuntimeException e) {
            metrics.cycleFailed();
            throw e;
        }
        if (evaluated.isEmpty()) {
            return "minute " + at + " already evaluated, or no SLO enabled";
        }
        int changed = 0;
        long burning = 0;
        for (SloLedger.Evaluated e : evaluated) {
            changed += alerts.deliver(e);
            burning += e.evaluation().firing().isEmpty() ? 0 : 1;
        }
        return "SLOs evaluated: " + evaluated.size() + ", burning: " + burning + ", alerts raised or resolved: " + changed;
    }
}
