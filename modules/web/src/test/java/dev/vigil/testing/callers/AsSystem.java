package dev.vigil.testing.callers;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RunAs;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.concurrent.Callable;

/** Runs work as the {@code system} role. */
@Stateless
@RunAs("system")
@PermitAll
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AsSystem {

    public <T> Attempt<T> call(Callable<T> work) {
        return Attempt.of(work);
    }
}
