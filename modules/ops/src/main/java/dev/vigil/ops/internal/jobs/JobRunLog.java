package dev.vigil.ops.internal.jobs;

import dev.vigil.kernel.api.Ids;
import dev.vigil.kernel.api.JobRuns;
import dev.vigil.kernel.api.Roles;
import dev.vigil.kernel.api.TrackedJob;
import dev.vigil.ops.internal.checks.CheckRules;
import dev.vigil.ops.internal.checks.JobChecks;
import jakarta.annotation.security.RolesAllowed;
import jakarta.annotation.security.RunAs;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Records every run of a tracked job in {@code ops_job_run}: a row with outcome {@code running} is
 * committed before the work starts, and completed with the outcome, summary and error after it. A
 * run whose start cannot be recorded is not started (every job works on the database it is
 * recorded in); it is counted and logged.
 *
 * <p>Only a timer (system) or an admin may start a run, and every run - an admin's too - does its
 * work as the system identity, so jobs reach the guarded data beans of every module through the
 * container's check, not around it. No transaction: each job commits its own work, and a failed run
 * is recorded as failed instead of rolled back.
 */
@Stateless
@RunAs(Roles.SYSTEM)
@RolesAllowed({Roles.SYSTEM, Roles.ADMIN})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class JobRunLog implements JobRuns {

    private static final Metadata JOB_RUNS = Metadata.builder().withName("vigil_job_runs")
            .withDescription("Runs of periodic jobs per job and outcome").build();
    private static final Metadata JOB_RUN_DURATION = Metadata.builder().withName("vigil_job_run_duration")
            .withDescription("How long runs of periodic jobs took, per job").build();

    static final String RUNNING = "running";
    static final String SUCCEEDED = "succeeded";
    static final String FAILED = "failed";
    private static final Logger LOG = Logger.getLogger(JobRunLog.class.getName());

    @Inject
    JobHistory history;

    @Inject
    MetricRegistry metrics;

    @Inject
    JobChecks checks;

    private final String member = memberName();

    @Override
    public Outcome run(TrackedJob job, String trigger) {
        String runId = Ids.newId();
        long started = System.currentTimeMillis();
        try {
            recordStart(runId, job.name(), trigger, started);
        } catch (RuntimeException e) {
            String error = "run not recorded, so not started: " + describe(rootCause(e));
            LOG.warning(() -> "Job " + job.name() + ": " + error);
            count(job, FAILED, 0);
            return new Outcome(runId, false, null, error);
        }
        checks.run(job.name(), CheckRules.Action.START, runId, member);
        String summary = null;
        String error = null;
        try {
            summary = job.run();
        } catch (Exception | LinkageError e) {
            error = describe(e);
            String message = error;
            LOG.log(Level.WARNING, e, () -> "Job " + job.name() + " failed (run " + runId + "): " + message);
        }
        long ended = System.currentTimeMillis();
        String outcome = error == null ? SUCCEEDED : FAILED;
        try {
            recordEnd(runId, ended, outcome, summary, error);
        } catch (RuntimeException e) {
            LOG.warning(() -> "Job " + job.name() + ": end of run " + runId + " not recorded: " + describe(rootCause(e)));
        }
        count(job, outcome, ended - started);
        checks.run(job.name(), error == null ? CheckRules.Action.SUCCESS : CheckRules.Action.FAIL, runId, member);
        return new Outcome(runId, error == null, summary, error);
    }

    private void recordStart(String runId, String job, String trigger, long started) {
        history.started(runId, job, clip(trigger, 120), member, started);
    }

    private void recordEnd(String runId, long ended, String outcome, String summary, String error) {
        if (!history.ended(runId, ended, outcome, clip(summary, 1000), clip(error, 2000))) {
            LOG.warning(() -> "Run " + runId + " ended but its start is not recorded (removed meanwhile?)");
        }
    }

    private void count(TrackedJob job, String outcome, long millis) {
        metrics.counter(JOB_RUNS, new Tag("job", job.name()), new Tag("outcome", outcome)).inc();
        if (millis > 0) {
            metrics.timer(JOB_RUN_DURATION, new Tag("job", job.name())).update(Duration.ofMillis(millis));
        }
    }

    /** The failure under the container's wrapping (an EJBException around the persistence failure). */
    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    private static String memberName() {
        String server = System.getProperty("wlp.server.name", "vigil");
        try {
            return clip(server + "@" + InetAddress.getLocalHost().getHostName(), 200);
        } catch (UnknownHostException e) {
            return server;
        }
    }
}
