package dev.vigil.ops.internal.jobs;

import dev.vigil.kernel.api.Ids;
import dev.vigil.kernel.api.JobRuns;
import dev.vigil.kernel.api.TrackedJob;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Records every run of a tracked job in {@code ops_job_run}: a row with outcome {@code running} is
 * committed before the work starts, and completed with the outcome, summary and error after it. A
 * run whose start cannot be recorded is not started (every job works on the database it is
 * recorded in); it is counted and logged.
 */
@ApplicationScoped
public class JobRunLog implements JobRuns {

    private static final Metadata JOB_RUNS = Metadata.builder().withName("vigil_job_runs")
            .withDescription("Runs of periodic jobs per job and outcome").build();
    private static final Metadata JOB_RUN_DURATION = Metadata.builder().withName("vigil_job_run_duration")
            .withDescription("How long runs of periodic jobs took, per job").build();

    static final String RUNNING = "running";
    static final String SUCCEEDED = "succeeded";
    static final String FAILED = "failed";
    private static final Logger LOG = Logger.getLogger(JobRunLog.class.getName());

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Inject
    MetricRegistry metrics;

    private final String member = memberName();

    @Override
    public Outcome run(TrackedJob job, String trigger) {
        String runId = Ids.newId();
        long started = System.currentTimeMillis();
        try {
            recordStart(runId, job.name(), trigger, started);
        } catch (SQLException e) {
            String error = "run not recorded, so not started: " + describe(e);
            LOG.warning(() -> "Job " + job.name() + ": " + error);
            count(job, FAILED, 0);
            return new Outcome(runId, false, null, error);
        }
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
        } catch (SQLException e) {
            LOG.warning(() -> "Job " + job.name() + ": end of run " + runId + " not recorded: " + describe(e));
        }
        count(job, outcome, ended - started);
        return new Outcome(runId, error == null, summary, error);
    }

    private void recordStart(String runId, String job, String trigger, long started) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement("insert into ops_job_run"
                     + " (run_id, job, run_trigger, server_name, started_at, outcome) values (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, runId);
            insert.setString(2, job);
            insert.setString(3, clip(trigger, 120));
            insert.setString(4, member);
            insert.setLong(5, started);
            insert.setString(6, RUNNING);
            insert.executeUpdate();
        }
    }

    private void recordEnd(String runId, long ended, String outcome, String summary, String error)
            throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement update = c.prepareStatement("update ops_job_run"
                     + " set ended_at = ?, outcome = ?, summary = ?, error = ? where run_id = ?")) {
            update.setLong(1, ended);
            update.setString(2, outcome);
            update.setString(3, clip(summary, 1000));
            update.setString(4, clip(error, 2000));
            update.setString(5, runId);
            update.executeUpdate();
        }
    }

    private void count(TrackedJob job, String outcome, long millis) {
        metrics.counter(JOB_RUNS, new Tag("job", job.name()), new Tag("outcome", outcome)).inc();
        if (millis > 0) {
            metrics.timer(JOB_RUN_DURATION, new Tag("job", job.name())).update(Duration.ofMillis(millis));
        }
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
