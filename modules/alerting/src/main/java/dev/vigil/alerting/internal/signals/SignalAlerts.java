package dev.vigil.alerting.internal.signals;

import dev.vigil.alerting.api.AlertSignal;
import dev.vigil.alerting.api.Severity;
import dev.vigil.alerting.internal.AlertService;
import dev.vigil.alerting.internal.AlertingMetrics;
import dev.vigil.alerting.internal.AlertingSettings;
import dev.vigil.ingest.events.RollbackTriggerChanged;
import dev.vigil.intake.events.WebhookRefused;
import dev.vigil.limits.events.RateLimitPressure;
import dev.vigil.resilience.api.ServerName;
import dev.vigil.resilience.events.DependencyStateChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Vigil's own signals raised as alerts (source {@code vigil}), each with its runbook:
 * <ul>
 *   <li>rate-limit pressure on a policy (warning), resolved once no server has raised it for
 *       {@code signals.quiet} (keep it above {@code vigil.limits.pressure.cooldown});</li>
 *   <li>webhook signature failures of a source above {@code signals.signature-failures} within
 *       {@code signals.signature-window} on a server (warning), resolved the same way;</li>
 *   <li>a dependency's breaker open on a server (warning), resolved when it closes;</li>
 *   <li>this server not ready (critical) or degraded (warning), looked at every
 *       {@code signals.readiness-every}, resolved when it is ready again.</li>
 * </ul>
 * Breaker and readiness alerts are raised again at each readiness look while they hold, so one
 * whose server is gone (or restarted under another name) resolves after {@code signals.quiet}.
 * An observer never fails the code that fired the event: a failure to raise is logged and counted
 * in {@code vigil_alerting_failures_total{stage="signal"}}.
 */
@ApplicationScoped
public class SignalAlerts {

    static final String SOURCE = "vigil";
    static final String PRESSURE = "RateLimitPressure";
    static final String SIGNATURES = "WebhookSignatureFailures";
    static final String BREAKER = "DependencyBreakerOpen";
    static final String NOT_READY = "VigilNotReady";
    static final String DEGRADED = "VigilDegraded";
    static final String ROLLBACK = "RollbackTrigger";
    /** The most sources whose refusals are counted at once; beyond it the oldest is forgotten. */
    static final int MAX_SOURCES = 1000;
    private static final Logger LOG = Logger.getLogger(SignalAlerts.class.getName());

    @Inject
    AlertService alerts;

    @Inject
    AlertingSettings settings;

    @Inject
    AlertingMetrics metrics;

    @Inject
    @Readiness
    @Any
    Instance<HealthCheck> readiness;

    private final Map<String, Deque<Long>> refusals = new java.util.LinkedHashMap<>(16, 0.75f, true);
    private long nextSweep;
    private long nextReadiness;

    void pressure(@Observes RateLimitPressure event) {
        raise(AlertSignal.of(SOURCE, PRESSURE, Severity.WARNING,
                Map.of("policy", cut(event.policy()), "outcome", cut(event.outcome())),
                "Rate-limit policy " + event.policy() + ": " + event.occurrences() + " " + event.outcome()
                        + " decisions within " + event.window() + " on a server",
                settings.runbook("rate-limit-pressure.md")));
    }

    /** Asynchronous: a refused sender's request never waits for (or fails with) an alert's write. */
    void refused(@ObservesAsync WebhookRefused event) {
        long now = System.currentTimeMillis();
        long since = now - settings.signatureWindow().toMillis();
        int count;
        synchronized (refusals) {
            Deque<Long> times = refusals.computeIfAbsent(event.source(), s -> new ArrayDeque<>());
            while (!times.isEmpty() && times.peekFirst() < since) {
                times.pollFirst();
            }
            times.addLast(now);
            while (times.size() > settings.signatureFailures()) {
                times.pollFirst(); // the window needs no more than the threshold
            }
            count = times.size();
            if (count >= settings.signatureFailures()) {
                times.clear(); // raised (or refreshed) once per threshold-many refusals, not once per refusal
            }
            if (refusals.size() > MAX_SOURCES) {
                refusals.remove(refusals.keySet().iterator().next());
            }
        }
        if (count >= settings.signatureFailures()) {
            raise(AlertSignal.of(SOURCE, SIGNATURES, Severity.WARNING, Map.of("source", cut(event.source())),
                    "Webhook source " + event.source() + ": " + count + " or more deliveries refused (bad signature"
                            + " or unknown source) within " + settings.signatureWindow() + " on a server",
                    settings.runbook("webhook-signature-failures.md")));
        }
    }

    /** A rollback trigger firing for an app version (ingest's watch, once a minute) raises; it stopping resolves. */
    void rollbackTrigger(@Observes RollbackTriggerChanged event) {
        String runbook = event.runbook() == null || event.runbook().isEmpty() ? settings.runbook("rollback-trigger.md")
                : event.runbook().startsWith("http://") || event.runbook().startsWith("https://") ? event.runbook()
                : settings.runbook(event.runbook());
        Severity severity = switch (event.severity()) {
            case "critical" -> Severity.CRITICAL;
            case "info" -> Severity.INFO;
            default -> Severity.WARNING;
        };
        AlertSignal signal = AlertSignal.of(SOURCE, ROLLBACK, severity, Map.of("trigger", cut(event.trigger()),
                "app", cut(event.appId()), "version", cut(event.version())), "Rollback trigger " + event.trigger()
                        + " fires for app " + event.appId() + " version " + event.version() + ": "
                        + cut(event.description()) + " (" + cut(event.expression()) + ")", runbook);
        if (event.firing()) {
            raise(signal);
        } else {
            resolve(signal);
        }
    }

    void breaker(@Observes DependencyStateChanged event) {
        AlertSignal signal = breakerSignal(event.dependency(), event.server(), event.lastFailure());
        if (event.to().equals("open")) {
            raise(signal);
        } else if (event.to().equals("closed")) {
            resolve(signal);
        }
    }

    private AlertSignal breakerSignal(String dependency, String server, String lastFailure) {
        return AlertSignal.of(SOURCE, BREAKER, Severity.WARNING, Map.of("breaker", cut(dependency), "server", cut(server)),
                "The breaker of dependency " + dependency + " is open on " + server
                        + (lastFailure == null ? "" : "; last failure: " + lastFailure),
                settings.runbook("dependency-breaker-open.md"));
    }

    /**
     * Called by each server's notifier loop: resolves quiet signals and looks at this server's
     * readiness, each at its own pace.
     */
    public void tick(long now) {
        if (now >= nextSweep) {
            nextSweep = now + Math.min(60_000, settings.signalQuiet().toMillis());
            long before = now - settings.signalQuiet().toMillis();
            // Raised again while true (readiness and open breakers at every look of their server): what
            // stops being raised, because it passed or its server is gone, resolves.
            for (String name : List.of(PRESSURE, SIGNATURES, BREAKER, NOT_READY, DEGRADED)) {
                try {
                    alerts.resolveQuiet(SOURCE, name, before);
                } catch (Exception e) {
                    metrics.failure("signal");
                    LOG.log(Level.WARNING, "Quiet " + name + " alerts not resolved; tried again", e);
                }
            }
        }
        if (now >= nextReadiness) {
            nextReadiness = now + settings.readinessEvery().toMillis();
            readiness();
        }
    }

    private void readiness() {
        boolean down = false;
        StringBuilder downChecks = new StringBuilder();
        StringBuilder degradedChecks = new StringBuilder();
        for (HealthCheck check : readiness) {
            HealthCheckResponse response;
            try {
                response = check.call();
            } catch (RuntimeException e) {
                response = HealthCheckResponse.named(check.getClass().getSimpleName()).down().build();
            }
            if (response.getStatus() == HealthCheckResponse.Status.DOWN) {
                down = true;
                downChecks.append(downChecks.length() == 0 ? "" : ", ").append(response.getName());
            } else if (response.getData().map(d -> "degraded".equals(d.get("state"))).orElse(false)) {
                degradedChecks.append(degradedChecks.length() == 0 ? "" : ", ").append(response.getName());
            }
            if (response.getName().equals("dependencies")) {
                // The breakers open on this server, as /health/ready shows them: their alerts stay fresh.
                response.getData().ifPresent(data -> data.forEach((dependency, state) -> {
                    if ("open".equals(state) || "half-open".equals(state)) {
                        raise(breakerSignal(dependency, ServerName.get(), null));
                    }
                }));
            }
        }
        String server = ServerName.get();
        AlertSignal notReady = AlertSignal.of(SOURCE, NOT_READY, Severity.CRITICAL, Map.of("server", cut(server)),
                "Vigil on " + server + " is not ready: " + downChecks, settings.runbook("vigil-not-ready.md"));
        AlertSignal degraded = AlertSignal.of(SOURCE, DEGRADED, Severity.WARNING, Map.of("server", cut(server)),
                "Vigil on " + server + " is degraded: " + degradedChecks, settings.runbook("vigil-not-ready.md"));
        // Not ready because the database is down cannot be stored: it is raised when it can be, or
        // resolved first. /health/ready and Prometheus remain the signal for an unreachable database.
        if (down) {
            raise(notReady);
        } else {
            resolve(notReady);
        }
        if (degradedChecks.length() > 0) {
            raise(degraded);
        } else {
            resolve(degraded);
        }
    }

    private void raise(AlertSignal signal) {
        try {
            alerts.raise(signal);
        } catch (RuntimeException e) {
            metrics.failure("signal");
            LOG.log(Level.WARNING, "Alert " + signal.name() + " not raised", e);
        }
    }

    private void resolve(AlertSignal signal) {
        try {
            alerts.resolve(signal);
        } catch (RuntimeException e) {
            metrics.failure("signal");
            LOG.log(Level.WARNING, "Alert " + signal.name() + " not resolved", e);
        }
    }

    /** A label value from an event: at most 200 characters. */
    private static String cut(String value) {
        return value == null ? "" : value.length() <= 200 ? value : value.substring(0, 200);
    }
}
