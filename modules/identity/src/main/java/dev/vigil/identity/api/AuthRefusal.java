package dev.vigil.identity.api;

import dev.vigil.kernel.api.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Optional;

/**
 * Why the authentication mechanism did not accept the credentials a request carried, and what the
 * answer to that request holds. The mechanism only decides and leaves this on the request; the web
 * module's access policy answers with it. A mechanism that wrote the answer itself made Liberty log
 * a warning for each refused request (it sets the status again on a committed response), and after
 * such a refusal Liberty parses a {@code Basic} header on its own and fails on one without a
 * colon or not in base64 (an FFDC incident and a 500).
 *
 * @param headers response headers the answer carries ({@code WWW-Authenticate}, {@code Retry-After},
 *                rate-limit headers)
 */
public record AuthRefusal(ErrorCode code, String detail, Map<String, String> headers) {

    /** The request attribute under which the mechanism leaves a refusal. */
    public static final String REQUEST_ATTRIBUTE = AuthRefusal.class.getName();

    /** What a {@code 401} answer challenges the caller with: the two schemes the mechanism reads. */
    public static final String CHALLENGE = "Basic realm=\"vigil\", Bearer realm=\"vigil\"";

    /** 503: the credentials could not be checked (the database is down or its schema not applied yet). */
    public static final AuthRefusal UNAVAILABLE = new AuthRefusal(ErrorCode.DEPENDENCY_UNAVAILABLE,
            "The database is unavailable; retry shortly", Map.of("Retry-After", "5"));

    /** The refusal the mechanism left on this request, if it refused its credentials. */
    public static Optional<AuthRefusal> of(HttpServletRequest request) {
        return Optional.ofNullable((AuthRefusal) request.getAttribute(REQUEST_ATTRIBUTE));
    }
}
