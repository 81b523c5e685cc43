package dev.vigil.identity.internal.security;

import dev.vigil.identity.api.AuthRefusal;
import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.limits.api.Decision;
import dev.vigil.limits.api.RateLimitHeaders;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;

/**
 * The refusals only the mechanism makes (besides {@link AuthRefusal#UNAVAILABLE}, which the access
 * policy answers too), and how it leaves one on the request.
 */
final class Refusals {

    /** 401: the credentials are not valid (or not readable). */
    static final AuthRefusal REJECTED = new AuthRefusal(ErrorCode.UNAUTHORIZED, "The credentials are not valid",
            Map.of("WWW-Authenticate", AuthRefusal.CHALLENGE));

    /** 403: a signed-in session's state change without its CSRF token. */
    static final AuthRefusal CSRF = new AuthRefusal(ErrorCode.FORBIDDEN,
            "A change from a signed-in session must carry its CSRF token in " + Sessions.CSRF_HEADER, Map.of());

    private Refusals() {
    }

    /** 429 while the user, key prefix or client address has used up its failed attempts. */
    static AuthRefusal blocked(Decision decision) {
        return new AuthRefusal(ErrorCode.RATE_LIMITED, "Too many failed authentication attempts; retry after "
                + decision.retryAfterSeconds() + " s", RateLimitHeaders.of(decision));
    }

    static void markOn(HttpServletRequest request, AuthRefusal refusal) {
        request.setAttribute(AuthRefusal.REQUEST_ATTRIBUTE, refusal);
    }

    /**
     * Leaves the refusal for the access policy to answer and lets the request pass on unauthenticated
     * (no resource is reached: the policy answers every path that carries a refusal).
     */
    static AuthenticationStatus leave(AuthRefusal refusal, HttpServletRequest request, HttpMessageContext context) {
        markOn(request, refusal);
        return context.doNothing();
    }
}
