package dev.vigil.ops.internal.jobs;

import dev.vigil.alerting.api.AlertSignal;
import dev.vigil.alerting.api.Alerts;
import dev.vigil.alerting.api.Runbooks;
import dev.vigil.alerting.api.Severity;
import dev.vigil.kernel.api.TrackedJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Vigil's periodic jobs watched like any cron job: every minute, a job that failed
 * {@code vigil.ops.jobs.alert-after-failures} times in a row (default 3) raises the critical alert
 * {@code PeriodicJobFailing}, and one with no run started within twice its period raises
 * {@code PeriodicJobMissedRuns} (not on a fresh install before the job could have run); each
 * resolves when the job is well again.
 */
@ApplicationScoped
public class JobWatch implements TrackedJob {

    static final String FAILING = "PeriodicJobFailing";
    static final String MISSED = "PeriodicJobMissedRuns";

    @Inject
    Instance<TrackedJob> jobs;

    @Inject
    JobHistory history;

    @Inject
    Alerts alerts;

    @Inject
    @ConfigProperty(name = "vigil.ops.jobs.alert-after-failures", defaultValue = "3")
    int alertAfterFailures;

    /** What this server's watch last raised; unknown (so resolved once) after a start. */
    private final Set<String> raised = new HashSet<>();
    private boolean looked;

    @Override
    public String name() {
        return "job-watch";
    }

    @Override
    public Schedule schedule() {
        return Schedule.everyMinute();
    }

    @Override
    public synchronized String run() {
        Instant now = Instant.now();
        Duration uptime = Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime());
        int failing = 0;
        int missed = 0;
        for (TrackedJob job : jobs) {
            Duration every = job.schedule().every();
            JobHistory.Health health = history.watch(job.name(), every, now);
            boolean isFailing = health.consecutiveFailures() >= Math.max(1, alertAfterFailures);
            boolean isMissed = health.missed() && (health.lastRun() != null || uptime.compareTo(every.multipliedBy(2)) > 0);
            failing += isFailing ? 1 : 0;
            missed += isMissed ? 1 : 0;
            state(AlertSignal.of("ops", FAILING, Severity.CRITICAL, Map.of("job", job.name()),
                    "Periodic job " + job.name() + " failed " + health.consecutiveFailures() + " times in a row; last error: "
                            + (health.lastRun() == null || health.lastRun().error() == null ? "none"
                            : JobRunLog.clip(health.lastRun().error(), 500)),
                    Runbooks.url("periodic-job-failing.md")), isFailing);
            state(AlertSignal.of("ops", MISSED, Severity.CRITICAL, Map.of("job", job.name()),
                    "Periodic job " + job.name() + " (every " + every + ") has not started since "
                            + (health.lastRun() == null ? "this server started" : health.lastRun().startedAt()),
                    Runbooks.url("periodic-job-failing.md")), isMissed);
        }
        looked = true;
        return failing + " jobs failing, " + missed + " missing runs";
    }

    private void state(AlertSignal signal, boolean on) {
        String key = signal.name() + "/" + signal.labels().get("job");
        if (on) {
            alerts.raise(signal);
            raised.add(key);
        } else if (raised.remove(key) || !looked) {
            alerts.resolve(signal);
        }
    }
}
