package dev.vigil.web.security;

import dev.vigil.kernel.api.Caller;
import dev.vigil.web.apps.AppKeys;
import dev.vigil.web.persistence.SchemaMigrations;
import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.Problem;
import dev.vigil.limits.api.AuthenticationGuard;
import dev.vigil.limits.api.ClientAddresses;
import dev.vigil.limits.api.Decision;
import dev.vigil.limits.api.RateLimitHeaders;
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

    @Inject
    AuthenticationGuard failures;

    @Inject
    ClientAddresses addresses;

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
            Attempt attempt = Attempt.of(header, addresses.of(request));
            Optional<Decision> blocked = failures.blocked(attempt.limitKeys());
            if (blocked.isPresent()) {
                return tooManyFailures(blocked.get(), response);
            }
            AuthenticationStatus status = switch (attempt.scheme()) {
                case BEARER -> bearer(attempt.credentials(), request, response, context);
                case BASIC -> basic(attempt.credentials(), request, response, context);
                case OTHER -> reject(request, response, context);
            };
            if (status == AuthenticationStatus.SEND_CONTINUE) {
                failures.failed(attempt.limitKeys());
            }
            return status;
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
        // Vigil's own caller is all the access policy reads. Telling the container about the login
        // as well would build a subject and sign an LTPA token (RSA) on every app request - the
        // largest cost of an authenticated app call, for a principal nothing reads.
        CurrentCaller.set(request, app.get());
        return context.doNothing();
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

    /** 429 while the user, key prefix or client address has used up its failed attempts. */
    private static AuthenticationStatus tooManyFailures(Decision decision, HttpServletResponse response) {
        RateLimitHeaders.of(decision).forEach(response::setHeader);
        return answer(response, 429, Problem.of(ErrorCode.RATE_LIMITED,
                "Too many failed authentication attempts; retry after " + decision.retryAfterSeconds() + " s", null));
    }

    /**
     * Answers 401 at once with a problem body. Passing on instead would let Liberty try the header
     * itself, and it fails with a 500 on a malformed Basic header.
     */
    private static AuthenticationStatus reject(HttpServletRequest request, HttpServletResponse response,
                                               HttpMessageContext context) {
        response.setHeader("WWW-Authenticate", AccessPolicy.CHALLENGE);
        return answer(response, HttpServletResponse.SC_UNAUTHORIZED,
                Problem.of(ErrorCode.UNAUTHORIZED, "The credentials are not valid", null));
    }

    private static AuthenticationStatus answer(HttpServletResponse response, int status, Problem problem) {
        try {
            response.setStatus(status);
            response.setHeader(ErrorCode.HEADER, problem.code());
            response.setHeader("Cache-Control", "no-store");
            response.setContentType(Problem.MEDIA_TYPE);
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(ProblemJson.write(problem));
            response.flushBuffer();
        } catch (IOException e) {
            LOG.fine(() -> "Could not answer a refused request: " + e);
        }
        // SEND_CONTINUE: the response is complete as written. (Liberty turns SEND_FAILURE into a 500.)
        return AuthenticationStatus.SEND_CONTINUE;
    }
}
