package dev.vigil.ingest.internal.uploads;

import dev.vigil.kernel.api.Caller;
import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.VigilException;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks an upload before its transaction begins (after authentication, the rate limit and the
 * Idempotency-Key guard, so a replay is answered without any of this): the kind exists, the body
 * is JSON, within the kind's size, UTF-8, and meets the kind's schema. Validation can take a while
 * for a large body; done here, it holds no database connection and no key's lock. What passes is
 * left on the request for {@link UploadsResource}.
 */
@Provider
@UploadEndpoint
@Priority(Priorities.USER)
public class UploadChecks implements ContainerRequestFilter {

    static final String CHECKED = UploadChecks.class.getName() + ".checked";

    @Context
    HttpServletRequest request;

    @Inject
    UploadKindData kinds;

    @Inject
    KindSchemas schemas;

    /** An upload that passed: its kind as read and its text. */
    record Checked(UploadKind kind, String text, int bytes) {
    }

    @Override
    public void filter(ContainerRequestContext context) throws IOException {
        String name = context.getUriInfo().getPathParameters().getFirst("kind");
        UploadKind kind = registered(name).orElseThrow(() -> VigilException.notFound("Upload kind"));
        UploadRequests.reachedKind(request, kind.name());
        if (!isJson(context.getMediaType())) {
            throw new VigilException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Uploads are JSON (Content-Type: application/json)");
        }
        byte[] body = context.getEntityStream().readNBytes(kind.maxBytes() + 1);
        UploadRequests.bytes(request, body.length);
        if (body.length > kind.maxBytes()) {
            throw new VigilException(ErrorCode.PAYLOAD_TOO_LARGE, "Uploads of kind " + kind.name() + " are at most "
                    + kind.maxBytes() + " bytes");
        }
        if (body.length == 0) {
            throw new VigilException(ErrorCode.INVALID_JSON, "The body is empty; an upload is a JSON document");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new VigilException(ErrorCode.INVALID_JSON, "The body is not UTF-8");
        }
        var violations = schemas.violations(kind, text);
        if (!violations.isEmpty()) {
            throw new VigilException(ErrorCode.INVALID_REQUEST, 422, "The upload does not meet the schema of kind "
                    + kind.name() + " (" + (violations.size() >= KindSchemas.MAX_LISTED ? "the first "
                    + KindSchemas.MAX_LISTED : Integer.toString(violations.size())) + " violations listed)",
                    violations, null);
        }
        request.setAttribute(CHECKED, new Checked(kind, text, body.length));
    }

    /** The registered kind of that name, read as the calling app may; empty for a name no kind can have. */
    Optional<UploadKind> registered(String name) {
        if (!UploadKind.plausibleName(name)) {
            return Optional.empty();
        }
        try {
            return kinds.find(name);
        } catch (SQLException e) {
            throw new VigilException(ErrorCode.DEPENDENCY_UNAVAILABLE, "Upload kinds cannot be read now", e);
        }
    }

    private static boolean isJson(MediaType type) {
        if (type == null || !type.getType().equalsIgnoreCase("application")) {
            return false;
        }
        String subtype = type.getSubtype().toLowerCase(Locale.ROOT);
        return subtype.equals("json") || subtype.endsWith("+json");
    }
}
