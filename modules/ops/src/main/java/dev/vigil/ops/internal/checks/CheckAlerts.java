package dev.vigil.ops.internal.checks;

import dev.vigil.alerting.api.AlertSignal;
import dev.vigil.alerting.api.Alerts;
import dev.vigil.alerting.api.Runbooks;
import dev.vigil.alerting.api.Severity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Tells alerting of a check's flip, after it is committed: down raises the critical alert
 * {@code JobCheckDown} (one per check: its dedup key is the check's id), leaving down resolves it.
 * An app's check alerts as the app (the app sees the alert, and it counts toward the app's cap on
 * open alerts); a check of Vigil's own jobs alerts as Vigil.
 * A delivery that fails leaves the check's mark for the watch to deliver again.
 */
@ApplicationScoped
public class CheckAlerts {

    static final String ALERT = "JobCheckDown";
    private static final Logger LOG = Logger.getLogger(CheckAlerts.class.getName());

    @Inject
    Alerts alerts;

    @Inject
    CheckBook book;

    @Inject
    CheckMetrics metrics;

    /**
     * Delivers what the change asks of alerting, if anything; false when it could not. What is sent
     * follows the check as it is now, not the flip that asked: a raise delivered after a later
     * recovery (another server, a slow delivery) would otherwise leave the alert firing for an up check.
     */
    public boolean deliver(CheckBook.Changed changed) {
        if (changed.alert() == null) {
            return true;
        }
        Check asked = changed.check();
        try {
            Optional<Check> now = book.current(asked.id());
            if (now.isPresent() && Check.DOWN.equals(now.get().status())) {
                alerts.raise(now.get().appId(), signal(now.get()));
            } else {
                resolve(now.orElse(asked));
            }
            book.delivered(asked.id(), changed.alert());
            return true;
        } catch (RuntimeException e) {
            metrics.alertFailed();
            LOG.warning(() -> "Alert of check " + asked.id() + " (" + changed.alert() + ") not delivered yet; the watch"
                    + " tries again: " + e);
            return false;
        }
    }

    /** Resolves the alert of a check that is gone. */
    public void resolveRemoved(Check check) {
        try {
            resolve(check);
        } catch (RuntimeException e) {
            metrics.alertFailed();
            LOG.warning(() -> "Alert of removed check " + check.id() + " not resolved: " + e);
        }
    }

    private void resolve(Check check) {
        AlertSignal signal = signal(check);
        alerts.resolve(check.appId(), signal);
        if (check.appId() != null) {
            // Raised as Vigil's own before app checks alerted as their app: resolve that one too.
            alerts.resolve(signal);
        }
    }

    static AlertSignal signal(Check check) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("check", CheckMetrics.label(check));
        labels.put("check_id", check.id());
        labels.put("app", check.appId() == null ? "vigil" : check.appId());
        if (check.job() != null) {
            labels.put("job", check.job());
        }
        String why = switch (check.downReason() == null ? "" : check.downReason()) {
            case "fail" -> "failed " + check.consecutiveFailures() + " time(s) in a row";
            case "runtime" -> "a run started at " + check.lastStart() + " did not end within " + check.runtimeLimit();
            default -> "no ping since " + (check.lastPing() == null ? "it was created" : check.lastPing())
                    + " (grace " + check.grace() + ")";
        };
        return new AlertSignal("ops", ALERT, Severity.CRITICAL, labels,
                Map.of("summary", "Job check " + labels.get("check") + " is down: " + why,
                        "runbook_url", Runbooks.url("job-check-down.md")),
                "check:" + check.id(), null);
    }
}
