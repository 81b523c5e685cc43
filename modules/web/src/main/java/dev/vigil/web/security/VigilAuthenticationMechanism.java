package dev.vigil.web.security;

import dev.vigil.kernel.api.Caller;
import dev.vigil.web.apps.AppKeys;
import dev.vigil.web.persistence.SchemaMigrations;
import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.Problem;
import dev.vigil.web.problem.ProblemJson;
import dev.vigil.web.problem.FailureClassifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Reads credentials on every request: {@code Bearer vgl_...} for apps, HTTP Basic for members and
 * admins. Bad credentials are answered with 401 here; no credentials pass on as anonymous, and
 * {@link AccessPolicy} decides what that means for the resource.
 */
@ApplicationScoped
public class VigilAuthenticationMechanism implements HttpAuthenticationMechanism {

    private static final Logger LOG = Logger.getLogger(VigilAuthenticationMechanism.class.getName());
    private static final int MAX_HEADER = 1024;

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    AppKeys appKeys;

    @Inject
    SchemaMigrations schema;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        String header = request.getHeader("Authorization");
        if (header == null || header.isBlank()) {
            return context.doNothing();
        }
        try {
            if (header.length() > MAX_HEADER) {
                return reject(request, response, context);
            }
            if (startsWithIgnoreCase(header, "Bearer ")) {
                return bearer(header.substring(7).trim(), request, response, context);
            }
            if (startsWithIgnoreCase(header, "Basic ")) {
                return basic(header.substring(6).trim(), request, response, context);
            }
            return reject(request, response, context);
        } catch (RuntimeException e) {
            // The identity store reports a database failure as its own exception, often with the
            // cause only in the message: whatever kept the credentials from being checked, the
            // caller gets 503 and may retry, never a 500.
            LOG.warning(() -> "Credentials could not be checked"
                    + (FailureClassifier.isDatabaseUnavailable(e) ? " (database unavailable): " : ": ") + e);
            AuthOutcome.UNAVAILABLE.markOn(request);
            return context.doNothing();
        }
    }

    private AuthenticationStatus bearer(String token, HttpServletRequest request, HttpServletResponse response,
                                        HttpMessageContext context) {
        if (!schema.applied()) {
            AuthOutcome.UNAVAILABLE.markOn(request);
            return context.doNothing();
        }
        Optional<Caller> app = appKeys.authenticate(token);
        if (app.isEmpty()) {
            return reject(request, response, context);
        }
        CurrentCaller.set(request, app.get());
        return context.notifyContainerAboutLogin(app.get().actor(), Set.of(Caller.Role.APP.value()));
    }

    private AuthenticationStatus basic(String encoded, HttpServletRequest request, HttpServletResponse response,
                                       HttpMessageContext context) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return reject(request, response, context);
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return reject(request, response, context);
        }
        var credential = new UsernamePasswordCredential(decoded.substring(0, colon), decoded.substring(colon + 1));
        CredentialValidationResult result = identityStores.validate(credential);
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            return reject(request, response, context);
        }
        Set<Caller.Role> roles = result.getCallerGroups().stream()
                .flatMap(g -> Caller.Role.parse(g).stream())
                .filter(r -> r != Caller.Role.APP)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Caller.Role.class)));
        CurrentCaller.set(request, Caller.user(result.getCallerPrincipal().getName(), roles));
        return context.notifyContainerAboutLogin(result);
    }

    /**
     * Answers 401 at once with a problem body. Passing on instead would let Liberty try the header
     * itself, and it fails with a 500 on a malformed Basic header.
     */
    private static AuthenticationStatus reject(HttpServletRequest request, HttpServletResponse response,
                                               HttpMessageContext context) {
        try {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setHeader("WWW-Authenticate", AccessPolicy.CHALLENGE);
            response.setHeader(ErrorCode.HEADER, ErrorCode.UNAUTHORIZED.code());
            response.setHeader("Cache-Control", "no-store");
            response.setContentType(Problem.MEDIA_TYPE);
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(ProblemJson.write(
                    Problem.of(ErrorCode.UNAUTHORIZED, "The credentials are not valid", null)));
            response.flushBuffer();
        } catch (IOException e) {
            LOG.fine(() -> "Could not answer a rejected request: " + e);
        }
        // SEND_CONTINUE: the response is complete as written. (Liberty turns SEND_FAILURE into a 500.)
        return AuthenticationStatus.SEND_CONTINUE;
    }

    private static boolean startsWithIgnoreCase(String value, String prefix) {
        return value.regionMatches(true, 0, prefix, 0, prefix.length());
    }
}
