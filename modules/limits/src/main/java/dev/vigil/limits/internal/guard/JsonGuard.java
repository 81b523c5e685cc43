package dev.vigil.limits.internal.guard;

import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.VigilException;
import jakarta.annotation.Priority;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code 400 invalid_json} for JSON bodies that are not UTF-8, too deep, or with too long strings or
 * numbers. A body a
 * resource takes as JSON-P values is read here, in the same walk as the check (no second parse).
 */
@Provider
@Priority(Priorities.USER + 100)
public class JsonGuard implements ReaderInterceptor {

    private static final Map<Class<?>, String> KINDS = Map.of(JsonValue.class, "value", JsonStructure.class,
            "object or array", JsonObject.class, "object", JsonArray.class, "array");
    private static final Set<Class<?>> JSON_P_TYPES = KINDS.keySet();

    private final JsonShape shape = JsonShape.DEFAULT;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        MediaType type = context.getMediaType();
        // A wildcard content type (*/*) reaches a JSON resource too, and its JSON-P reader: guard it as JSON.
        boolean jsonP = JSON_P_TYPES.contains(context.getType());
        if (type == null || !(isJson(type.getSubtype()) || jsonP && type.isWildcardSubtype())) {
            return context.proceed();
        }
        try {
            if (jsonP) {
                // Answered here without proceeding: no reader interceptor of a later priority runs
                // for these bodies (there is none), and the JSON-P body reader is not needed.
                JsonValue value = shape.read(context.getInputStream());
                if (!context.getType().isInstance(value)) {
                    throw new VigilException(ErrorCode.INVALID_JSON, "The body must be a JSON " + KINDS.get(context.getType()));
                }
                return value;
            }
            byte[] body = context.getInputStream().readAllBytes();
            shape.violation(body).ifPresent(why -> {
                throw new JsonShape.Refused(why);
            });
            context.setInputStream(new ByteArrayInputStream(body));
            return context.proceed();
        } catch (JsonShape.Refused e) {
            throw new VigilException(ErrorCode.INVALID_JSON, "The body has " + e.getMessage());
        }
    }

    /** Media types are case-insensitive (RFC 9110 section 8.3.1): {@code application/JSON} is guarded too. */
    private static boolean isJson(String subtype) {
        String lower = subtype.toLowerCase(Locale.ROOT);
        return lower.equals("json") || lower.endsWith("+json");
    }
}
