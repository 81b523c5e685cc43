package dev.vigil.identity.internal.security;

import dev.vigil.identity.api.AuthRefusal;
import dev.vigil.identity.internal.apps.AppKeys;
import dev.vigil.kernel.api.Caller;
import dev.vigil.kernel.api.DatabaseFailures;
import dev.vigil.kernel.api.Roles;
import dev.vigil.limits.api.AuthenticationGuard;
import dev.vigil.limits.api.ClientAddresses;
import dev.vigil.limits.api.Decision;
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
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Reads credentials on every request: {@code Bearer vgl_...} for apps (or, on healthchecks.io's v3
 * API under {@code /api/v3/}, its {@code X-Api-Key} header), HTTP Basic for members and admins, and
 * the admin UI's session cookie ({@link SessionCookies}) when no {@code Authorization} header is sent. It
 * only decides: credentials it does not accept leave an {@link AuthRefusal} (401, 429 or
 * 503) that the web module's access policy answers; no credentials pass on as anonymous, and the
 * policy decides what that means for the resource.
 */
@ApplicationScoped
public class VigilAuthenticationMechanism implements HttpAuthenticationMechanism {

    private static final Logger LOG = Logger.getLogger(VigilAuthenticationMechanism.class.getName());
    private static final int MAX_HEADER = 1024;
    private static final String AUTH_TYPE = "jakarta.servlet.http.authType";
    private static final String API_KEY = "X-Api-Key";
    private static final String V3_PATH = "/api/v3/";

    @Inject
    SessionCookies sessionCookies;

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    AppKeys appKeys;

    @Inject
    SchemaState schema;

    @Inject
    AuthenticationGuard failures;

    @Inject
    ClientAddresses addresses;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        // The auth type Liberty records for the request. Left at its default ("BASIC"), Liberty parses
        // a "Basic ..." header again itself once this mechanism returns, and fails on a malformed one.
        context.getMessageInfo().getMap().put(AUTH_TYPE, "VIGIL");
        String header = request.getHeader("Authorization");
        if ((header == null || header.isBlank()) && request.getHeader(API_KEY) != null
                && request.getRequestURI().startsWith(request.getContextPath() + V3_PATH)) {
            // healthchecks.io's Management API takes the key in X-Api-Key; its v3 subset here does too.
            header = "Bearer " + request.getHeader(API_KEY);
        }
        if (header == null || header.isBlank()) {
            return sessionCookies.authenticate(request, response, context);
        }
        try {
            if (header.length() > MAX_HEADER) {
                return refuse(Refusals.REJECTED, request, context);
            }
            Attempt attempt = Attempt.of(header, addresses.limitKey(request));
            return switch (attempt.scheme()) {
                case BEARER -> bearer(attempt, request, context);
                case BASIC -> basic(attempt, request, context);
                case OTHER -> failed(attempt, request, context);
            };
        } catch (RuntimeException e) {
            // The identity store reports a database failure as its own exception, often with the
            // cause only in the message: whatever kept the credentials from being checked, the
            // caller gets 503 and may retry, never a 500.
            LOG.warning(() -> "Credentials could not be checked"
                    + (DatabaseFailures.isUnavailable(e) ? " (database unavailable): " : ": ") + e);
            return refuse(AuthRefusal.UNAVAILABLE, request, context);
        }
    }

    /**
     * An app key is cheap to check (a SHA-256) and far too long to guess: it is checked first and
     * only a failure is counted, so good keys never wait on the store, and an attacker who walls an
     * address (or a key's prefix) does not lock out the apps behind it. A failure from a key prefix
     * or address over its failures is answered 429; once this server has seen it refused, without
     * another round trip to the store.
     */
    private AuthenticationStatus bearer(Attempt attempt, HttpServletRequest request, HttpMessageContext context) {
        if (!schema.applied()) {
            return refuse(AuthRefusal.UNAVAILABLE, request, context);
        }
        Optional<Caller> app = appKeys.authenticate(attempt.credentials());
        if (app.isEmpty()) {
            Optional<Decision> walled = failures.walled(attempt.limitKeys());
            return walled.isPresent() ? refuse(Refusals.blocked(walled.get()), request, context)
                    : failed(attempt, request, context);
        }
        // The access policy reads Vigil's own caller; the container learns the app too, with the
        // app role, so the data layer's guarded beans see an app, not an anonymous caller. Liberty
        // builds a subject (and signs an LTPA token) for it on every request: measured in
        // modules/bench/README.md ("Roles in the container").
        CurrentCaller.set(request, app.get());
        return context.notifyContainerAboutLogin(app.get().actor(), Set.of(Roles.APP));
    }

    /**
     * A password costs a PBKDF2 hash: the attempt is counted before the check (so no more failures
     * are ever checked than the limit allows, whatever the concurrency or the number of servers)
     * and given back unless the credentials were bad.
     */
    private AuthenticationStatus basic(Attempt attempt, HttpServletRequest request, HttpMessageContext context) {
        AuthenticationGuard.Counted counted = failures.before(attempt.limitKeys());
        if (counted.refusal().isPresent()) {
            Decision refusal = counted.refusal().get();
            return refuse(refusal.outcome().isFailure() ? AuthRefusal.UNAVAILABLE : Refusals.blocked(refusal),
                    request, context);
        }
        try {
            return checkPassword(attempt.credentials(), request, context);
        } finally {
            if (AuthRefusal.of(request).filter(Refusals.REJECTED::equals).isEmpty()) {
                counted.giveBack();
            }
        }
    }

    /** Counts a failure already known and answers 401, or 429 when a key is now over its failures. */
    private AuthenticationStatus failed(Attempt attempt, HttpServletRequest request, HttpMessageContext context) {
        Optional<Decision> over = failures.failed(attempt.limitKeys());
        return refuse(over.map(d -> d.outcome().isFailure() ? AuthRefusal.UNAVAILABLE : Refusals.blocked(d))
                .orElse(Refusals.REJECTED), request, context);
    }

    private AuthenticationStatus checkPassword(String encoded, HttpServletRequest request, HttpMessageContext context) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return refuse(Refusals.REJECTED, request, context);
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0 || Attempt.hasControlCharacter(decoded)) {
            // No username, or one that is no user's (a NUL would fail the lookup on PostgreSQL as a
            // database error): a bad credential, without asking the identity store.
            return refuse(Refusals.REJECTED, request, context);
        }
        var credential = new UsernamePasswordCredential(decoded.substring(0, colon), decoded.substring(colon + 1));
        CredentialValidationResult result = identityStores.validate(credential);
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            return refuse(Refusals.REJECTED, request, context);
        }
        Set<Caller.Role> roles = result.getCallerGroups().stream()
                .flatMap(g -> Caller.Role.parse(g).stream())
                .filter(r -> r != Caller.Role.APP)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Caller.Role.class)));
        CurrentCaller.set(request, Caller.user(result.getCallerPrincipal().getName(), roles));
        return context.notifyContainerAboutLogin(result);
    }

    private static AuthenticationStatus refuse(AuthRefusal refusal, HttpServletRequest request,
                                               HttpMessageContext context) {
        return Refusals.leave(refusal, request, context);
    }
}
