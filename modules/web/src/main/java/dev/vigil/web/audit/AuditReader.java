package dev.vigil.web.audit;

import dev.vigil.kernel.api.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/**
 * The only reader of {@code web_audit_event}, guarded by the container: admins only. A caller
 * without the role gets {@code EJBAccessException} from Liberty before any of this code runs.
 */
@Stateless
@RolesAllowed(Roles.ADMIN)
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class AuditReader {

    @PersistenceContext(unitName = "vigil")
    EntityManager entityManager;

    /** Newest first; {@code before} is the id of the last entry of the previous page. */
    public List<AuditLog.Entry> page(int limit, String before) {
        var query = before == null
                ? entityManager.createQuery("select e from AuditEvent e order by e.id desc", AuditEvent.class)
                : entityManager.createQuery("select e from AuditEvent e where e.id < :before order by e.id desc",
                        AuditEvent.class).setParameter("before", before);
        return query.setMaxResults(Math.max(1, Math.min(limit, AuditLog.MAX_PAGE)))
                .getResultStream().map(AuditEvent::toEntry).toList();
    }
}
