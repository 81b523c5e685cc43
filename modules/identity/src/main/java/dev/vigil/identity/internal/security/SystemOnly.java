package dev.vigil.identity.internal.security;

import dev.vigil.kernel.api.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

/** A method only the system identity may call: what {@link SystemIdentityProbe} tries. */
@Stateless
@RolesAllowed(Roles.SYSTEM)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SystemOnly {

    public boolean confirm() {
        return true;
    }
}
