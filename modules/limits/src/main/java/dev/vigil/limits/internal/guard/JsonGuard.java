package dev.vigil.limits.internal.guard;

import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.VigilException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/** {@code 400 invalid_json} for JSON bodies too deep, or with too long strings or numbers. */
@Provider
@Priority(Priorities.USER + 100)
public class JsonGuard implements ReaderInterceptor {

    private final JsonShape shape = JsonShape.DEFAULT;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        MediaType type = context.getMediaType();
        if (type == null || !(type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"))) {
            return context.proceed();
        }
        byte[] body = context.getInputStream().readAllBytes();
        shape.violation(body).ifPresent(why -> {
            throw new VigilException(ErrorCode.INVALID_JSON, "The body has " + why);
        });
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }
}
