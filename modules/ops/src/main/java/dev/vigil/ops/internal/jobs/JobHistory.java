package dev.vigil.ops.internal.jobs;

import dev.vigil.kernel.api.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The only way to {@code ops_job_run}, guarded by the container: its reads are admin-only, and
 * only the system identity (a timer's run, or an admin's run started through {@link JobRunLog},
 * which runs as system) records runs or removes old ones. A caller without the role gets
 * {@code EJBAccessException} from Liberty before any of this code runs.
 */
@Stateless
@RolesAllowed(Roles.ADMIN)
public class JobHistory {

    /** Runs looked at to count consecutive failures. */
    static final int FAILURE_LOOKBACK = 100;

    @PersistenceContext(unitName = "vigil")
    EntityManager entityManager;

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

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<Run> recent(String job, int limit) {
        return entityManager.createQuery("select r from JobRun r where r.job = :job order by r.startedAt desc",
                        JobRun.class)
                .setParameter("job", job)
                .setMaxResults(limit)
                .getResultStream().map(JobRun::view).toList();
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Health health(String job, Duration every, Instant now) {
        return health(job, every, recent(job, FAILURE_LOOKBACK), now);
    }

    /** Commits the start of a run on its own, before the work starts. */
    @RolesAllowed(Roles.SYSTEM)
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void started(String runId, String job, String trigger, String server, long startedAt) {
        entityManager.persist(new JobRun(runId, job, trigger, server, startedAt));
    }

    /** Commits the end of a run on its own; false when its start was never recorded. */
    @RolesAllowed(Roles.SYSTEM)
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean ended(String runId, long endedAt, String outcome, String summary, String error) {
        JobRun run = entityManager.find(JobRun.class, runId);
        if (run == null) {
            return false;
        }
        run.end(endedAt, outcome, summary, error);
        return true;
    }

    /** Removes the runs that started before {@code cutoff} (epoch ms); the retention job's work. */
    @RolesAllowed(Roles.SYSTEM)
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int deleteStartedBefore(long cutoff) {
        return entityManager.createQuery("delete from JobRun r where r.startedAt < :cutoff")
                .setParameter("cutoff", cutoff)
                .executeUpdate();
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
