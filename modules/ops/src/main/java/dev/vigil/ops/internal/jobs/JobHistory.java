package dev.vigil.ops.internal.jobs;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Reads recorded runs back: recent runs of a job, and each job's health. */
@ApplicationScoped
public class JobHistory {

    /** Runs looked at to count consecutive failures. */
    static final int FAILURE_LOOKBACK = 100;

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    /** One recorded run. {@code endedAt}, {@code summary} and {@code error} are null while it runs. */
    public record Run(String runId, String job, String trigger, String server, Instant startedAt, Instant endedAt,
            String outcome, String summary, String error) {
    }

    /**
     * How a job is doing. {@code missed} is true when no run started within twice its period (or
     * none ever did); {@code consecutiveFailures} counts failed runs since the last success.
     */
    public record Health(String job, long everySeconds, Run lastRun, Instant lastSuccessAt, int consecutiveFailures,
            boolean missed) {
    }

    public List<Run> recent(String job, int limit) throws SQLException {
        List<Run> runs = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("select run_id, job, run_trigger, server_name, started_at,"
                     + " ended_at, outcome, summary, error from ops_job_run where job = ? order by started_at desc")) {
            q.setMaxRows(limit);
            q.setString(1, job);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    long ended = rs.getLong(6);
                    Instant endedAt = rs.wasNull() ? null : Instant.ofEpochMilli(ended);
                    runs.add(new Run(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            Instant.ofEpochMilli(rs.getLong(5)), endedAt, rs.getString(7), rs.getString(8),
                            rs.getString(9)));
                }
            }
        }
        return runs;
    }

    public Health health(String job, Duration every, Instant now) throws SQLException {
        return health(job, every, recent(job, FAILURE_LOOKBACK), now);
    }

    /** A job's health from its recent runs, newest first. */
    static Health health(String job, Duration every, List<Run> runs, Instant now) {
        Run last = runs.isEmpty() ? null : runs.get(0);
        Instant lastSuccess = null;
        int failures = 0;
        for (Run run : runs) {
            if (JobRunLog.SUCCEEDED.equals(run.outcome())) {
                lastSuccess = run.endedAt();
                break;
            }
            if (JobRunLog.FAILED.equals(run.outcome())) {
                failures++;
            }
        }
        boolean missed = last == null || last.startedAt().isBefore(now.minus(every.multipliedBy(2)));
        return new Health(job, every.toSeconds(), last, lastSuccess, failures, missed);
    }
}
