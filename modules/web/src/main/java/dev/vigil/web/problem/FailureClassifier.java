package dev.vigil.web.problem;

import dev.vigil.kernel.api.DatabaseFailures;
import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.Problem;
import dev.vigil.kernel.api.VigilException;
import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParsingException;
import java.util.List;
import java.util.Optional;

/**
 * Decides what an unexpected throwable means for the caller by walking its cause chain: a
 * {@link VigilException} anywhere wins, then malformed JSON, then database trouble (unreachable or
 * a lost lock race: 503, retry; a constraint: 409). Anything else is an internal error.
 */
public final class FailureClassifier {

    private FailureClassifier() {
    }

    public static Optional<Problem> classify(Throwable failure) {
        if (accessRefusal(failure).isPresent()) {
            // The container refused a guarded data bean to this caller: the second layer held
            // where the path rule let the request through.
            return Optional.of(Problem.of(ErrorCode.FORBIDDEN, "This caller may not read this data", null));
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof VigilException e) {
                return Optional.of(Problem.of(e.code(), e.status(), e.getMessage(), null, e.errors()));
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonParsingException || t instanceof JsonbException
                    || t.getClass().getName().startsWith("jakarta.json.")) {
                return Optional.of(Problem.of(ErrorCode.INVALID_JSON, "The body is not valid JSON for this endpoint",
                        null));
            }
            if (isDatabaseUnavailable(t)) {
                return Optional.of(Problem.of(ErrorCode.DEPENDENCY_UNAVAILABLE,
                        "The database is unavailable; retry shortly", null));
            }
            if (isUnreadableRequest(t)) {
                return Optional.of(Problem.of(ErrorCode.INVALID_REQUEST, "The request could not be read: its body"
                        + " ended before its declared length, its encoding is not one it claims, or its URI holds"
                        + " characters a URI may not", null));
            }
            if (DatabaseFailures.isTransactionConflict(t)) {
                return Optional.of(Problem.of(ErrorCode.DEPENDENCY_UNAVAILABLE,
                        "The database was busy with a conflicting change; retry shortly", null));
            }
            if (DatabaseFailures.isConstraintViolation(t)) {
                return Optional.of(Problem.of(ErrorCode.INVALID_REQUEST, 409,
                        "The request conflicts with an existing record", null, List.of()));
            }
        }
        return Optional.empty();
    }

    /**
     * The request itself could not be read: a body shorter than its Content-Length or chunking, a
     * Content-Encoding the body does not have, a charset no decoder knows ({@code text/plain;
     * charset=bogus} for a resource reading text), a URI with characters a URI may not hold.
     */
    private static boolean isUnreadableRequest(Throwable t) {
        String name = t.getClass().getName();
        return t instanceof java.io.EOFException || t instanceof java.util.zip.ZipException
                || t instanceof java.io.UnsupportedEncodingException
                || t instanceof java.nio.charset.IllegalCharsetNameException
                || t instanceof java.nio.charset.UnsupportedCharsetException
                || t instanceof java.util.zip.DataFormatException || t instanceof java.net.URISyntaxException
                || name.endsWith("IllegalHttpBodyException");
    }

    /** The container's refusal of a {@code @RolesAllowed} method (jakarta.ejb.EJBAccessException). */
    private static boolean isAccessRefused(Throwable t) {
        return t.getClass().getName().equals("jakarta.ejb.EJBAccessException");
    }

    /** The container's refusal in the failure's cause chain, if any. */
    public static Optional<Throwable> accessRefusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (isAccessRefused(t)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** True when the failure says the database could not be reached, as opposed to a bad statement. */
    public static boolean isDatabaseUnavailable(Throwable failure) {
        return DatabaseFailures.isUnavailable(failure);
    }
}
