package dev.vigil.identity.internal.security;

import dev.vigil.kernel.api.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RunAs;
import jakarta.ejb.EJBAccessException;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/**
 * Whether work that runs as the system identity is let through: calls a method only the
 * {@code system} role may call, as {@code @RunAs("system")}. False when server.xml's binding of
 * the role (its run-as user {@code vigil-system}) is missing or does not reach
 * {@link SystemIdentityStore} - then every timer, the pressure flush and every webhook delivery
 * would be refused, so readiness says so.
 */
@Stateless
@PermitAll
@RunAs(Roles.SYSTEM)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SystemIdentityProbe {

    @Inject
    SystemOnly systemOnly;

    public boolean systemIdentityWorks() {
        try {
            return systemOnly.confirm();
        } catch (EJBAccessException e) {
            return false;
        }
    }
}
