package dev.vigil.web.audit;

import dev.vigil.kernel.api.AuditTrail;
import dev.vigil.kernel.api.Caller;
import dev.vigil.kernel.api.Ids;
import dev.vigil.kernel.api.Transactional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Writes admin actions in the caller's transaction, so an action and its record commit together. */
@ApplicationScoped
public class AuditLog implements AuditTrail {

    public static final int MAX_PAGE = 200;

    @PersistenceContext(unitName = "vigil")
    EntityManager entityManager;

    @Inject
    Clock clock;

    public record Entry(String id, Instant at, String actor, String action, String target, String detail) {
    }

    @Override
    @Transactional(Transactional.Type.MANDATORY)
    public void record(Caller actor, String action, String target, String detail) {
        entityManager.persist(new AuditEvent(Ids.newId(), clock.instant(), actor.actor(), action, target,
                truncate(detail)));
    }

    /** Newest first; {@code before} is the id of the last entry of the previous page. */
    public List<Entry> page(int limit, String before) {
        var query = before == null
                ? entityManager.createQuery("select e from AuditEvent e order by e.id desc", AuditEvent.class)
                : entityManager.createQuery("select e from AuditEvent e where e.id < :before order by e.id desc",
                        AuditEvent.class).setParameter("before", before);
        return query.setMaxResults(Math.max(1, Math.min(limit, MAX_PAGE)))
                .getResultStream().map(AuditEvent::toEntry).toList();
    }

    private static String truncate(String detail) {
        return detail == null || detail.length() <= 1000 ? detail : detail.substring(0, 1000);
    }
}
