package dev.vigil.ingest.internal.uploads;

import dev.vigil.kernel.api.Ids;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;

/**
 * What the upload endpoint and its failure recorder share about one request: its id (the app's
 * {@code X-Request-Id} when it is a plain token, else one made here, echoed in the answer) and the
 * registered kind it reached, if any.
 */
final class UploadRequests {

    static final String HEADER = "X-Request-Id";
    private static final String ID = UploadRequests.class.getName() + ".id";
    private static final String KIND = UploadRequests.class.getName() + ".kind";
    private static final String BYTES = UploadRequests.class.getName() + ".bytes";
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    private UploadRequests() {
    }

    static String id(HttpServletRequest request) {
        if (request.getAttribute(ID) instanceof String id) {
            return id;
        }
        String given = request.getHeader(HEADER);
        String id = given != null && TOKEN.matcher(given).matches() ? given : Ids.newId();
        request.setAttribute(ID, id);
        return id;
    }

    static void reachedKind(HttpServletRequest request, String kind) {
        request.setAttribute(KIND, kind);
    }

    static void bytes(HttpServletRequest request, int bytes) {
        request.setAttribute(BYTES, bytes);
    }

    /** The body's size as read (a chunked body has no Content-Length), else as declared, else 0. */
    static long bytes(HttpServletRequest request) {
        return request.getAttribute(BYTES) instanceof Integer read ? read : Math.max(0, request.getContentLengthLong());
    }

    /** The registered kind the request reached, or null when it named none (or failed before the lookup). */
    static String registeredKind(HttpServletRequest request) {
        return request.getAttribute(KIND) instanceof String kind ? kind : null;
    }
}
