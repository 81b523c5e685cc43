package dev.vigil.web.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.kernel.api.JobRuns;
import dev.vigil.kernel.api.TrackedJob;
import dev.vigil.testing.Deployments;
import dev.vigil.testing.callers.AsSystem;
import dev.vigil.testing.callers.Attempt;
import jakarta.annotation.Resource;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The limits cleanup removes exactly what has expired; every run, failed ones too, is recorded. Jobs
 * run as the system identity, as a timer runs them.
 */
@ExtendWith(ArquillianExtension.class)
class TrackedJobsIT {

    private static final long DAY = Duration.ofDays(1).toMillis();

    @Deployment
    static WebArchive deployment() {
        return Deployments.vigil(TrackedJobsIT.class);
    }

    @Inject
    Instance<TrackedJob> jobs;

    @Inject
    JobRuns runs;

    @Inject
    AsSystem system;

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Test
    void limitsCleanupRemovesExpiredWindowsKeysAndOldEventsOnly() throws SQLException {
        String key = "cleanup-" + UUID.randomUUID();
        long now = System.currentTimeMillis();
        update("insert into limits_quota (policy, bucket_key, window_start, limit_value, granted, expires_at)"
                + " values ('ping', ?, ?, 10, 3, ?)", key, now - 120_000, now - 60_000);
        update("insert into limits_quota (policy, bucket_key, window_start, limit_value, granted, expires_at)"
                + " values ('ping', ?, ?, 10, 3, ?)", key, now, now + 60_000);
        update("insert into limits_idempotency (scope, idem_key, fingerprint, created_at, expires_at)"
                + " values (?, 'old', 'f', ?, ?)", key, now - 2 * DAY, now - DAY);
        update("insert into limits_idempotency (scope, idem_key, fingerprint, created_at, expires_at)"
                + " values (?, 'live', 'f', ?, ?)", key, now, now + DAY);
        update("insert into limits_event (policy, bucket_key, outcome, bucket_start, occurrences)"
                + " values ('ping', ?, 'blocked', ?, 5)", key, now - 8 * DAY);
        update("insert into limits_event (policy, bucket_key, outcome, bucket_start, occurrences)"
                + " values ('ping', ?, 'blocked', ?, 5)", key, now - DAY);

        JobRuns.Outcome outcome = run(job("limits-cleanup"));

        assertTrue(outcome.succeeded(), outcome.toString());
        assertTrue(outcome.summary().startsWith("expired quota windows "), outcome.summary());
        assertEquals(1, count("select count(*) from limits_quota where bucket_key = ?", key));
        assertEquals(1, count("select count(*) from limits_quota where bucket_key = ? and expires_at > ?", key, now));
        assertEquals(1, count("select count(*) from limits_idempotency where scope = ? and idem_key = 'live'", key));
        assertEquals(1, count("select count(*) from limits_idempotency where scope = ?", key));
        assertEquals(1, count("select count(*) from limits_event where bucket_key = ?", key));
        assertEquals(1, count("select count(*) from limits_event where bucket_key = ? and bucket_start = ?", key,
                now - DAY));
        assertEquals(1, count("select count(*) from ops_job_run where run_id = ? and job = 'limits-cleanup'"
                + " and run_trigger = 'test' and outcome = 'succeeded' and ended_at >= started_at", outcome.runId()));
    }

    @Test
    void aFailingRunIsRecordedWithItsErrorAndTheNextRunStillHappens() throws SQLException {
        String name = "failing-" + UUID.randomUUID().toString().substring(0, 8);
        TrackedJob failing = new TrackedJob() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Schedule schedule() {
                return Schedule.everyMinute();
            }

            @Override
            public String run() {
                throw new IllegalStateException("disk on fire");
            }
        };

        JobRuns.Outcome first = run(failing);
        JobRuns.Outcome second = run(failing);

        assertFalse(first.succeeded());
        assertEquals("IllegalStateException: disk on fire", first.error());
        assertFalse(second.runId().equals(first.runId()));
        assertEquals(2, count("select count(*) from ops_job_run where job = ? and outcome = 'failed'"
                + " and error = 'IllegalStateException: disk on fire' and ended_at is not null", name));
    }

    private JobRuns.Outcome run(TrackedJob job) {
        Attempt<JobRuns.Outcome> attempt = system.call(() -> runs.run(job, "test"));
        assertTrue(attempt.succeeded(), () -> "run refused: " + attempt.failure());
        return attempt.value();
    }

    private TrackedJob job(String name) {
        TrackedJob found = jobs.stream().filter(j -> j.name().equals(name)).findFirst().orElse(null);
        assertNotNull(found, "no tracked job " + name);
        return found;
    }

    private void update(String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            s.executeUpdate();
        }
    }

    private long count(String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void bind(PreparedStatement s, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            s.setObject(i + 1, args[i]);
        }
    }
}
