package dev.vigil.web.guard;

import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.VigilException;
import dev.vigil.web.config.WebConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;

/**
 * 413 for bodies over {@code vigil.web.max-body-bytes}: at once when Content-Length says so, and
 * while reading for chunked bodies that carry no length.
 */
@Provider
@PreMatching
public class BodySizeLimit implements ContainerRequestFilter, ReaderInterceptor {

    @Inject
    WebConfig config;

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getLength() > config.maxBodyBytes()) {
            throw tooLarge();
        }
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        context.setInputStream(new BoundedInputStream(context.getInputStream(), config.maxBodyBytes(),
                BodySizeLimit::tooLarge));
        return context.proceed();
    }

    private static VigilException tooLarge() {
        return new VigilException(ErrorCode.PAYLOAD_TOO_LARGE, "The body is larger than this endpoint accepts");
    }
}
