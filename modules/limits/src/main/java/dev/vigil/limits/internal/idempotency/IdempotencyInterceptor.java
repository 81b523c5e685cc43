package dev.vigil.limits.internal.idempotency;

import dev.vigil.limits.api.Idempotent;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Inside the method's transaction (this interceptor runs within Vigil's {@code @Transactional}): claims the
 * key first, then stores the answer, so key and effect commit together. A concurrent request with
 * the same key blocks on the claim until this transaction ends, then fails with
 * {@link KeyTaken}, which is answered from what this one stored.
 */
@Idempotent
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class IdempotencyInterceptor {

    static final Duration KEPT = Duration.ofHours(24);
    private static final Jsonb JSON = JsonbBuilder.create();

    @Inject
    HttpServletRequest request;

    @Inject
    IdempotencyStore store;

    @AroundInvoke
    Object claimWithTheEffect(InvocationContext invocation) throws Exception {
        if (!(request.getAttribute(IdempotentRequest.ATTRIBUTE) instanceof IdempotentRequest claim)) {
            return invocation.proceed();
        }
        try {
            store.claim(claim, System.currentTimeMillis() + KEPT.toMillis());
        } catch (SQLException e) {
            throw new KeyTaken(claim, e);
        }
        Object result = invocation.proceed();
        if (result instanceof Response response) {
            Object entity = response.getEntity();
            String body = entity == null ? null : entity instanceof String s ? s : JSON.toJson(entity);
            String type = response.getMediaType() == null ? "application/json" : response.getMediaType().toString();
            String location = response.getLocation() == null ? null : response.getLocation().toString();
            store.complete(claim, new StoredOutcome.Answer(response.getStatus(), type, location, body));
        }
        return result;
    }

    /** Another request claimed the same key first. */
    public static final class KeyTaken extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient IdempotentRequest claim;

        KeyTaken(IdempotentRequest claim, Throwable cause) {
            super("Idempotency key already claimed", cause);
            this.claim = claim;
        }

        IdempotentRequest claim() {
            return claim;
        }
    }
}
