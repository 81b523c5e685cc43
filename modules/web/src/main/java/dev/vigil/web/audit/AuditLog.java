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

/**
 * Writes admin actions in the caller's transaction, so an action and its record commit together.
 * Entries are read back only through {@link AuditReader}, which the container guards.
 */
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

    private static String truncate(String detail) {
        return detail == null || detail.length() <= 1000 ? detail : detail.substring(0, 1000);
    }
}
