package dev.vigil.web.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.alerting.internal.signals.DailyDigest;
import dev.vigil.intake.events.WebhookRefused;
import dev.vigil.kernel.api.JobRuns;
import dev.vigil.kernel.api.TrackedJob;
import dev.vigil.limits.events.RateLimitPressure;
import dev.vigil.ops.internal.checks.CheckBook;
import dev.vigil.resilience.events.DependencyStateChanged;
import dev.vigil.testing.Deployments;
import dev.vigil.testing.callers.AsSystem;
import dev.vigil.testing.callers.Attempt;
import jakarta.annotation.Resource;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Vigil's own signals become alerts with their runbooks: the events other modules fire (rate-limit
 * pressure, a breaker opening and closing, refused webhook signatures past the threshold), the job
 * job failing through its check, and the daily digest posted once.
 */
@ExtendWith(ArquillianExtension.class)
class SignalAlertsIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.vigil(SignalAlertsIT.class);
    }

    @Inject
    Event<RateLimitPressure> pressure;

    @Inject
    Event<DependencyStateChanged> breakers;

    @Inject
    Event<WebhookRefused> refusals;

    @Inject
    JobRuns runs;

    @Inject
    AsSystem system;

    @Inject
    DailyDigest digest;

    @Inject
    CheckBook checks;

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void pressureAndAnOpenBreakerRaiseWarningsWithRunbooksAndAClosedBreakerResolves() throws SQLException {
        pressure.fire(new RateLimitPressure("policy-" + run, "blocked", 120, Duration.ofMinutes(1), Instant.now(), null));
        List<String[]> pressured = alerts("RateLimitPressure", "policy-" + run);
        assertEquals(1, pressured.size());
        assertEquals("firing", pressured.get(0)[0]);
        assertEquals("warning", pressured.get(0)[1]);
        assertTrue(pressured.get(0)[2].contains("runbooks/rate-limit-pressure.md"), pressured.get(0)[2]);

        String dependency = "dep-" + run;
        breakers.fire(new DependencyStateChanged("vigil@test", dependency, "closed", "open", Instant.now(), "timeout"));
        assertEquals("firing", alerts("DependencyBreakerOpen", dependency).get(0)[0]);
        assertTrue(alerts("DependencyBreakerOpen", dependency).get(0)[2].contains("dependency-breaker-open.md"));
        breakers.fire(new DependencyStateChanged("vigil@test", dependency, "open", "half-open", Instant.now(), null));
        assertEquals("firing", alerts("DependencyBreakerOpen", dependency).get(0)[0], "half-open is not closed yet");
        breakers.fire(new DependencyStateChanged("vigil@test", dependency, "half-open", "closed", Instant.now(), null));
        assertEquals("resolved", alerts("DependencyBreakerOpen", dependency).get(0)[0]);
    }

    @Test
    void refusedSignaturesRaiseAWarningOnlyPastTheThreshold() throws Exception {
        for (int i = 0; i < 9; i++) {
            refusals.fireAsync(new WebhookRefused("quiet-" + run, "signature mismatch", Instant.now()))
                    .toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        for (int i = 0; i < 10; i++) {
            refusals.fireAsync(new WebhookRefused("noisy-" + run, "signature mismatch", Instant.now()))
                    .toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertEquals(0, alerts("WebhookSignatureFailures", "quiet-" + run).size(), "9 of a threshold of 10");
        List<String[]> noisy = alerts("WebhookSignatureFailures", "noisy-" + run);
        assertEquals(1, noisy.size());
        assertTrue(noisy.get(0)[2].contains("webhook-signature-failures.md"), noisy.get(0)[2]);
    }

    @Test
    void aJobFailingThreeTimesInARowPagesOnceThroughItsCheckAndItsSuccessResolves() throws SQLException {
        // A job of Vigil is a check fed by its runs, down after vigil.ops.jobs.alert-after-failures (3) failures.
        String name = "failing-" + run;
        Attempt<?> made = system.call(() -> {
            checks.ensureJob(name, Duration.ofMinutes(1), 3);
            return null;
        });
        assertTrue(made.succeeded(), () -> "" + made.failure());
        for (int i = 0; i < 2; i++) {
            assertFalse(runJob(name, true).succeeded());
        }
        assertEquals(0, alerts("JobCheckDown", name).size(), "two failures of three");
        assertFalse(runJob(name, true).succeeded());
        List<String[]> down = alerts("JobCheckDown", name);
        assertEquals(1, down.size());
        assertEquals("firing", down.get(0)[0]);
        assertEquals("critical", down.get(0)[1]);
        assertTrue(down.get(0)[2].contains("failed 3 time(s) in a row"), down.get(0)[2]);
        assertTrue(down.get(0)[2].contains("job-check-down.md"), down.get(0)[2]);
        assertFalse(runJob(name, true).succeeded());
        assertEquals(1, count("select raise_count from alerting_alert where name = 'JobCheckDown' and labels like ?",
                "%\"" + name + "\"%"), "a fourth failure does not raise it again");

        assertTrue(runJob(name, false).succeeded());
        assertEquals("resolved", alerts("JobCheckDown", name).get(0)[0]);
        assertEquals(1, count("select count(*) from ops_check_flip f join ops_check c on c.id = f.check_id"
                + " where c.job = ? and f.new_status = 'down'", name));
    }

    private JobRuns.Outcome runJob(String name, boolean fail) {
        TrackedJob job = new TrackedJob() {
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
                if (fail) {
                    throw new IllegalStateException("database went away " + run);
                }
                return "fine";
            }
        };
        return system.call(() -> runs.run(job, "test")).value();
    }

    @Test
    void theDigestOfADayIsPostedOnceWithItsFigures() throws SQLException {
        LocalDate day = LocalDate.of(2001, 1, 1).plusDays(Math.abs(run.hashCode() % 3000));
        var posted = system.call(() -> digest.post(day, Instant.now()));
        assertTrue(posted.succeeded(), () -> "" + posted.failure());
        String first = posted.value();
        assertTrue(first.startsWith("digest of " + day + ": "), first);
        String again = system.call(() -> digest.post(day, Instant.now())).value();
        assertEquals("digest of " + day + " was posted", again);
        assertEquals(1, count("select count(*) from alerting_digest where digest_day = ?", day.toString()));
    }

    /** Alerts of a name whose labels mention a value: state, severity, annotations. */
    private List<String[]> alerts(String name, String labelValue) throws SQLException {
        List<String[]> found = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("select state, severity, annotations from alerting_alert"
                     + " where name = ? and labels like ?")) {
            select.setString(1, name);
            select.setString(2, "%\"" + labelValue + "\"%");
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    found.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
        }
        return found;
    }

    private long count(String sql, String value) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement select = c.prepareStatement(sql)) {
            select.setString(1, value);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
