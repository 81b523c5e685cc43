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
import java.util.Map;
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

    @Override
    public String name() {
        return "job-watch";
    }

    @Override
    public Schedule schedule() {
        return Schedule.everyMinute();
    }

    @Override
    public String run() {
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
        return failing + " jobs failing, " + missed + " missing runs";
    }

    /** Raised while true, resolved otherwise at every run: whichever server's timer runs the watch, nothing stays stale. */
    private void state(AlertSignal signal, boolean on) {
        if (on) {
            alerts.raise(signal);
        } else {
            alerts.resolve(signal);
        }
    }
}
