package dev.vigil.web.guard;

import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.VigilException;
import dev.vigil.web.config.WebConfig;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/**
 * 413 for bodies over {@code vigil.web.max-body-bytes}: at once when Content-Length says so, and
 * while reading for chunked bodies that carry no length. The entity stream itself is bounded here,
 * before any filter or reader interceptor sees it, so no other guard can read past the limit.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class BodySizeLimit implements ContainerRequestFilter {

    @Inject
    WebConfig config;

    @Override
    public void filter(ContainerRequestContext request) {
        int length;
        try {
            length = request.getLength();
        } catch (NumberFormatException e) {
            // More than an int holds: no body Vigil takes is that long. Anything else is no length (RFC 9110 8.6).
            String given = request.getHeaderString("Content-Length");
            if (given != null && given.trim().matches("[0-9]{1,40}")) {
                throw tooLarge();
            }
            throw VigilException.invalid("The Content-Length is not a number");
        }
        if (length > config.maxBodyBytes()) {
            throw tooLarge();
        }
        if (request.hasEntity()) {
            request.setEntityStream(new BoundedInputStream(request.getEntityStream(), config.maxBodyBytes(),
                    BodySizeLimit::tooLarge));
        }
    }

    private static VigilException tooLarge() {
        return new VigilException(ErrorCode.PAYLOAD_TOO_LARGE, "The body is larger than this endpoint accepts");
    }
}
