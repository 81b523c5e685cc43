package dev.vigil.limits.internal.idempotency;

import dev.vigil.kernel.api.Caller;
import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.Problem;
import dev.vigil.kernel.api.VigilException;
import dev.vigil.limits.api.Idempotent;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.List;

/**
 * Before an {@link Idempotent} method runs: checks the key, fingerprints the request (method, path,
 * body, keyed: see {@link Fingerprints}), and answers from the stored outcome when the key was used
 * before. A new key goes on to the method, whose interceptor claims it in the method's transaction.
 */
@Provider
@Idempotent
@Priority(Priorities.AUTHORIZATION + 200)
public class IdempotencyFilter implements ContainerRequestFilter {

    static final int MAX_KEY = 255;
    private static final int MAX_BODY = 8 * 1024 * 1024;

    @Context
    ResourceInfo resource;

    @Context
    HttpServletRequest servletRequest;

    @Inject
    IdempotencyStore store;

    @Inject
    Replays replays;

    @Inject
    Fingerprints fingerprints;

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        Idempotent binding = resource.getResourceMethod().getAnnotation(Idempotent.class);
        if (binding == null) {
            binding = resource.getResourceClass().getAnnotation(Idempotent.class);
        }
        String key = request.getHeaderString(Idempotent.HEADER);
        if (key == null) {
            if (binding != null && binding.required()) {
                throw new VigilException(ErrorCode.IDEMPOTENCY_KEY_MISSING, "This endpoint requires an "
                        + Idempotent.HEADER + " header");
            }
            return;
        }
        if (key.isBlank() || key.length() > MAX_KEY || key.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            // A control character (a NUL failed the key's lookup on PostgreSQL: 503) is no key.
            throw VigilException.invalid(Idempotent.HEADER + " must be 1 to " + MAX_KEY
                    + " characters without control characters");
        }
        Caller caller = Caller.fromAttribute(servletRequest.getAttribute(Caller.REQUEST_ATTRIBUTE));
        String scope = caller.actor();
        byte[] body = readBounded(request.getEntityStream());
        request.setEntityStream(new ByteArrayInputStream(body));
        List<String> fingerprints = this.fingerprints.of(request.getMethod(), request.getUriInfo().getPath(), body);
        try {
            var stored = store.find(scope, key);
            if (stored.isPresent()) {
                request.abortWith(replays.answer(stored.get(), fingerprints));
                return;
            }
        } catch (SQLException e) {
            throw new VigilException(ErrorCode.DEPENDENCY_UNAVAILABLE, "Idempotency keys cannot be checked now", e);
        }
        servletRequest.setAttribute(IdempotentRequest.ATTRIBUTE, new IdempotentRequest(scope, key, fingerprints));
    }

    private static byte[] readBounded(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw new VigilException(ErrorCode.PAYLOAD_TOO_LARGE, "The body is larger than this endpoint accepts");
        }
        return body;
    }

    static Response problem(ErrorCode code, String detail) {
        return Response.status(code.status()).type(Problem.MEDIA_TYPE).header(ErrorCode.HEADER, code.code())
                .entity(Problem.of(code, detail, null)).build();
    }
}
