package dev.vigil.limits.internal.idempotency;

import dev.vigil.kernel.api.ErrorCode;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.sql.SQLException;

/** The request that lost the race for a key gets the winner's stored answer, or 409 if it is not stored yet. */
@Provider
public class KeyTakenMapper implements ExceptionMapper<IdempotencyInterceptor.KeyTaken> {

    @Inject
    IdempotencyStore store;

    @Inject
    Replays replays;

    @Override
    public Response toResponse(IdempotencyInterceptor.KeyTaken taken) {
        IdempotentRequest claim = taken.claim();
        try {
            return store.find(claim.scope(), claim.key())
                    .map(stored -> replays.answer(stored, claim.fingerprints()))
                    .orElseGet(() -> IdempotencyFilter.problem(ErrorCode.IDEMPOTENCY_IN_FLIGHT,
                            "The request with this key is still being processed"));
        } catch (SQLException e) {
            return IdempotencyFilter.problem(ErrorCode.DEPENDENCY_UNAVAILABLE, "Idempotency keys cannot be checked now");
        }
    }
}
