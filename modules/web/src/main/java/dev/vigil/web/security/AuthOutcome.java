package dev.vigil.web.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * What the authentication mechanism concluded about credentials it could not check. It is left on
 * the request so the access policy answers with a problem response instead of the container.
 */
public enum AuthOutcome {
    /** Credentials could not be checked because the database is unavailable. */
    UNAVAILABLE;

    private static final String ATTRIBUTE = AuthOutcome.class.getName();

    void markOn(HttpServletRequest request) {
        request.setAttribute(ATTRIBUTE, this);
    }

    public static Optional<AuthOutcome> of(HttpServletRequest request) {
        return Optional.ofNullable((AuthOutcome) request.getAttribute(ATTRIBUTE));
    }
}
