package dev.vigil.web.security;

import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.Problem;
import dev.vigil.limits.api.Decision;
import dev.vigil.limits.api.RateLimitHeaders;
import dev.vigil.web.problem.ProblemResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;

/**
 * Why the authentication mechanism did not accept the credentials a request carried, and the
 * answer that request gets. The mechanism only decides and leaves this on the request; the
 * access policy answers with it. A mechanism that wrote the answer itself made Liberty log a
 * warning for each refused request (it sets the status again on a committed response), and after
 * such a refusal Liberty parses a {@code Basic} header on its own and fails on one without a
 * colon or not in base64 (an FFDC incident and a 500).
 */
record AuthRefusal(ErrorCode code, String detail, Map<String, String> headers) {

    static final AuthRefusal UNAVAILABLE = new AuthRefusal(ErrorCode.DEPENDENCY_UNAVAILABLE,
            "The database is unavailable; retry shortly", Map.of("Retry-After", "5"));
    static final AuthRefusal REJECTED = new AuthRefusal(ErrorCode.UNAUTHORIZED, "The credentials are not valid",
            Map.of("WWW-Authenticate", AccessPolicy.CHALLENGE));

    private static final String ATTRIBUTE = AuthRefusal.class.getName();

    /** 429 while the user, key prefix or client address has used up its failed attempts. */
    static AuthRefusal blocked(Decision decision) {
        return new AuthRefusal(ErrorCode.RATE_LIMITED, "Too many failed authentication attempts; retry after "
                + decision.retryAfterSeconds() + " s", RateLimitHeaders.of(decision));
    }

    void markOn(HttpServletRequest request) {
        request.setAttribute(ATTRIBUTE, this);
    }

    static Optional<AuthRefusal> of(HttpServletRequest request) {
        return Optional.ofNullable((AuthRefusal) request.getAttribute(ATTRIBUTE));
    }

    Response response() {
        Response.ResponseBuilder response = ProblemResponses.builder(Problem.of(code, detail, null));
        headers.forEach(response::header);
        return response.build();
    }
}
