package dev.vigil.ops.internal.jobs;

import dev.vigil.kernel.api.JobRuns;
import dev.vigil.kernel.api.Roles;
import dev.vigil.kernel.api.SchemaReady;
import dev.vigil.kernel.api.TrackedJob;
import jakarta.annotation.Resource;
import jakarta.annotation.security.RunAs;
import jakarta.ejb.ScheduleExpression;
import jakarta.ejb.Singleton;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * One persistent EJB timer per {@link TrackedJob}, kept in the shared database, so each expiration
 * runs on one server and moves to another when that one dies ({@code missedTaskThreshold} in
 * server.xml).
 *
 * <p>The timers are created programmatically once the schema is ready, not with {@code @Schedule}:
 * Liberty writes automatic persistent timers while the application starts and holds the start until
 * the database answers, and Vigil must start (and report why it is not ready) without its database.
 * A server creates the missing timers holding the row lock of {@code ops_timer_lock}, so servers
 * starting together create each timer once.
 *
 * <p>Each expiration runs as the system identity ({@code @RunAs}, bound in the identity module), the
 * only caller besides an admin that {@link JobRunLog} lets start a run.
 */
@Singleton
@RunAs(Roles.SYSTEM)
public class JobTimers {

    private static final Logger LOG = Logger.getLogger(JobTimers.class.getName());

    @Resource
    TimerService timers;

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Inject
    Instance<TrackedJob> jobs;

    @Inject
    JobRuns runs;

    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void onSchemaReady(@Observes SchemaReady ready) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement lock = c.prepareStatement(
                     "select name from ops_timer_lock where name = 'job-timers' for update")) {
            lock.executeQuery().close();
            Set<String> existing = new HashSet<>();
            for (Timer timer : timers.getTimers()) {
                if (timer.getInfo() instanceof String name) {
                    existing.add(name);
                }
            }
            for (TrackedJob job : jobs) {
                if (!existing.contains(job.name())) {
                    TrackedJob.Schedule schedule = job.schedule();
                    timers.createCalendarTimer(new ScheduleExpression().timezone("UTC").hour(schedule.hour())
                            .minute(schedule.minute()).second(schedule.second()), new TimerConfig(job.name(), true));
                    LOG.info(() -> "Persistent timer created for job " + job.name() + " (hour " + schedule.hour()
                            + ", minute " + schedule.minute() + ", second " + schedule.second() + ", UTC)");
                }
            }
        } catch (SQLException e) {
            // A system exception, so the container rolls back any timers created before the failure
            // (a checked one would commit them).
            throw new IllegalStateException("Job timers not created: " + e.getMessage(), e);
        }
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void expired(Timer timer) {
        String name = String.valueOf(timer.getInfo());
        jobs.stream().filter(job -> job.name().equals(name)).findFirst().ifPresentOrElse(
                job -> runs.run(job, "timer"),
                () -> LOG.warning(() -> "Timer for unknown job " + name + "; cancel it if the job was removed"));
    }
}
