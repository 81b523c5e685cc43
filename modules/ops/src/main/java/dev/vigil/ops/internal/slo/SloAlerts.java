package dev.vigil.ops.internal.slo;

import dev.vigil.alerting.api.AlertSignal;
import dev.vigil.alerting.api.Alerts;
import dev.vigil.alerting.api.Runbooks;
import dev.vigil.alerting.api.Severity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Tells alerting what each evaluation found, after the cycle committed: a rule that starts burning
 * raises its alert (and every 15 minutes while it burns, so an alert resolved by hand fires again), {@code SloBurnRateHigh} with labels {@code slo}, {@code window},
 * {@code severity}, or {@code SloErrorBudgetExhausted} for the budget; a rule that stopped burning
 * resolves its alert. What alerting holds is kept with the SLO ({@code alerted}), so a raise or
 * resolve that failed is tried again by the next cycle.
 */
@ApplicationScoped
public class SloAlerts {

    static final String BURNING = "SloBurnRateHigh";
    static final String EXHAUSTED = "SloErrorBudgetExhausted";
    /** How often an alert alerting already holds firing is raised again, in minutes (if it was resolved by hand, it fires again). */
    static final int REFRESH_MINUTES = 15;
    private static final Logger LOG = Logger.getLogger(SloAlerts.class.getName());

    @Inject
    Alerts alerts;

    @Inject
    SloLedger ledger;

    @Inject
    SloMetrics metrics;

    /** Delivers one evaluation; answers how many alerts it raised or resolved anew. */
    int deliver(SloLedger.Evaluated evaluated) {
        Slo slo = evaluated.slo();
        BurnMath.Evaluation evaluation = evaluated.evaluation();
        List<String> held = new ArrayList<>(evaluated.alerted());
        int changed = 0;
        boolean raised = false;
        for (String key : evaluation.firing()) {
            if (held.contains(key) && evaluation.at() % REFRESH_MINUTES != 0) {
                continue;
            }
            try {
                raised = true;
                if (alerts.raise(signal(slo, key, evaluation)).changed()) {
                    changed++;
                }
                if (!held.contains(key)) {
                    held.add(key);
                }
            } catch (RuntimeException e) {
                metrics.alertFailed();
                LOG.warning(() -> "Alert " + key + " of SLO " + slo.name() + " not raised; the next cycle tries again: " + e);
            }
        }
        for (String key : List.copyOf(held)) {
            if (!evaluation.firing().contains(key)) {
                Boolean resolved = resolve(slo, key);
                if (resolved != null) {
                    changed += resolved ? 1 : 0;
                    held.remove(key); // a resolve that failed stays held: the next cycle tries again
                }
            }
        }
        if ((raised || !held.equals(evaluated.alerted())) && !ledger.alerted(slo.id(), held)) {
            // Removed or disabled since the cycle read it: no cycle will resolve what was just raised.
            resolveAll(slo, held);
        }
        return changed;
    }

    /** Resolves every alert an SLO holds (it was removed or disabled). */
    void resolveAll(Slo slo, List<String> keys) {
        for (String key : keys) {
            resolve(slo, key);
        }
    }

    /** Whether the resolve changed the alert; null when it failed. */
    private Boolean resolve(Slo slo, String key) {
        try {
            return alerts.resolve(signal(slo, key, null)).map(Alerts.Outcome::changed).orElse(false);
        } catch (RuntimeException e) {
            metrics.alertFailed();
            LOG.warning(() -> "Alert " + key + " of SLO " + slo.name() + " not resolved: " + e);
            return null;
        }
    }

    static AlertSignal signal(Slo slo, String key, BurnMath.Evaluation evaluation) {
        boolean budget = BurnMath.BUDGET.equals(key);
        String window = Backtest.window(slo, key);
        String severity = Backtest.severity(key);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("slo", slo.name());
        labels.put("window", window);
        labels.put("severity", severity);
        String summary;
        if (evaluation == null) {
            summary = "SLO " + slo.name() + " (" + window + ")";
        } else if (budget) {
            summary = String.format(Locale.ROOT, "SLO %s has spent its error budget for the %s period (%.1f%% left)",
                    slo.name(), slo.period().text(), evaluation.budgetRemaining() * 100);
        } else {
            summary = String.format(Locale.ROOT, "SLO %s is burning its error budget at %s over %s (objective %s%%,"
                    + " %.1f%% of the budget left)", slo.name(), rates(evaluation, window), window, slo.objective(),
                    evaluation.budgetRemaining() * 100);
        }
        return new AlertSignal("ops", budget ? EXHAUSTED : BURNING,
                "critical".equals(severity) ? Severity.CRITICAL : Severity.WARNING, labels,
                Map.of("summary", summary, "runbook_url", Runbooks.url("slo-burning.md")),
                "slo:" + slo.id() + ":" + key, null);
    }

    private static String rates(BurnMath.Evaluation evaluation, String window) {
        List<String> rates = new ArrayList<>();
        for (String part : window.split("/")) {
            BurnMath.Window w = evaluation.windows().get(BurnPolicy.minutes(part));
            rates.add(w == null || w.burnRate() == null ? "-" : String.format(Locale.ROOT, "%.1fx", w.burnRate()));
        }
        return String.join(" / ", rates);
    }
}
