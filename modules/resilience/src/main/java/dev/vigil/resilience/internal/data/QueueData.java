package dev.vigil.resilience.internal.data;

import dev.vigil.kernel.api.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The only way admins read or change the queue and the dependency states, guarded by the
 * container: every method is admin-only, and a caller without the role gets
 * {@code EJBAccessException} from Liberty before any of this runs.
 */
@Stateless
@RolesAllowed(Roles.ADMIN)
public class QueueData {

    @PersistenceContext(unitName = "vigil")
    EntityManager entityManager;

    /** Jobs of one kind in one state, with the oldest one's creation. */
    public record Count(String kind, String state, long jobs, Instant oldestCreatedAt) {
    }

    /** A drill's progress: jobs still queued or running, dead ones, and recorded runs. */
    public record DrillProgress(String drill, long pending, long dead, long runs, long jobsRun, Instant firstRunAt,
            Instant lastRunAt) {
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<Count> counts() {
        List<Count> counts = new ArrayList<>();
        for (Object[] row : entityManager.createQuery("select j.kind, j.state, count(j), min(j.createdAt)"
                + " from QueueJob j group by j.kind, j.state", Object[].class).getResultList()) {
            counts.add(new Count((String) row[0], (String) row[1], ((Number) row[2]).longValue(),
                    Instant.ofEpochMilli(((Number) row[3]).longValue())));
        }
        return counts;
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<QueueJob.View> jobs(String state, String kind, String partitionKey, int limit) {
        String jpql = "select j from QueueJob j where j.state = :state" + (kind == null ? "" : " and j.kind = :kind")
                + (partitionKey == null ? "" : " and j.partitionKey = :partition") + " order by j.createdAt desc, j.id desc";
        var query = entityManager.createQuery(jpql, QueueJob.class).setParameter("state", state).setMaxResults(limit);
        if (kind != null) {
            query.setParameter("kind", kind);
        }
        if (partitionKey != null) {
            query.setParameter("partition", partitionKey);
        }
        return query
                .getResultStream().map(QueueJob::view).toList();
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<QueueJob.View> job(String id) {
        return Optional.ofNullable(entityManager.find(QueueJob.class, id)).map(QueueJob::view);
    }

    /**
     * Queues a dead job again with fresh attempts and time to live; false when there is no such
     * dead job (retried already, discarded, or never dead).
     */
    public boolean retry(String id, int maxAttempts, long ttlMillis, long now) {
        // A bulk update bypasses the persistence context: write what this transaction changed, then
        // forget what an earlier read loaded, so the next read sees the row as it is now.
        entityManager.flush();
        entityManager.clear();
        boolean retried = entityManager.createQuery("update QueueJob j set j.state = 'queued', j.attempt = 0,"
                        + " j.maxAttempts = :max, j.availableAt = :now, j.expiresAt = :expires, j.deadReason = null,"
                        + " j.deadAt = null where j.id = :id and j.state = 'dead'")
                .setParameter("max", maxAttempts)
                .setParameter("now", now)
                .setParameter("expires", now + ttlMillis)
                .setParameter("id", id)
                .executeUpdate() == 1;
        entityManager.clear();
        return retried;
    }

    /** Removes a dead job; false when there is no such dead job. */
    public boolean discard(String id) {
        entityManager.flush();
        entityManager.clear();
        return entityManager.createQuery("delete from QueueJob j where j.id = :id and j.state = 'dead'")
                .setParameter("id", id)
                .executeUpdate() == 1;
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<DependencyStateRow.View> dependencyStates() {
        return entityManager.createQuery("select d from DependencyStateRow d order by d.dependency, d.serverName",
                DependencyStateRow.class).getResultStream().map(DependencyStateRow::view).toList();
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public DrillProgress drill(String drill) {
        List<Object[]> jobs = entityManager.createQuery("select j.state, count(j) from QueueJob j"
                + " where j.partitionKey = :drill and j.kind in ('drill', 'drill-http') group by j.state", Object[].class)
                .setParameter("drill", drill).getResultList();
        long pending = 0;
        long dead = 0;
        for (Object[] row : jobs) {
            long n = ((Number) row[1]).longValue();
            if ("dead".equals(row[0])) {
                dead += n;
            } else {
                pending += n;
            }
        }
        Object[] runs = (Object[]) entityManager.createNativeQuery("select count(*), count(distinct job_id),"
                + " min(done_at), max(done_at) from resilience_drill_run where drill_id = ?")
                .setParameter(1, drill).getSingleResult();
        long count = ((Number) runs[0]).longValue();
        return new DrillProgress(drill, pending, dead, count, ((Number) runs[1]).longValue(),
                count == 0 ? null : Instant.ofEpochMilli(((Number) runs[2]).longValue()),
                count == 0 ? null : Instant.ofEpochMilli(((Number) runs[3]).longValue()));
    }
}
