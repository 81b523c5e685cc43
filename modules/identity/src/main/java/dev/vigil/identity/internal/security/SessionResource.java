package dev.vigil.identity.internal.security;

import dev.vigil.identity.internal.config.IdentityConfig;
import dev.vigil.kernel.api.Audience;
import dev.vigil.kernel.api.Caller;
import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.Problem;
import dev.vigil.kernel.api.Roles;
import dev.vigil.kernel.api.VigilException;
import dev.vigil.limits.api.AuthenticationGuard;
import dev.vigil.limits.api.ClientAddresses;
import dev.vigil.limits.api.Decision;
import dev.vigil.limits.api.RateLimitHeaders;
import dev.vigil.limits.api.RateLimited;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Form login for the admin UI: {@code POST /api/v1/session} checks a username and password and
 * answers with a session cookie ({@code HttpOnly}, {@code SameSite=Strict}, {@code Secure} under
 * TLS); {@code GET} tells the signed-in page who it is and its CSRF token; {@code DELETE} signs out.
 * Logins are limited per client address (policy {@code login}) and count toward the failed
 * authentication lockout exactly as HTTP Basic does. The REST API keeps Basic and Bearer.
 */
@Path("/v1/session")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "identity")
public class SessionResource {

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    AuthenticationGuard failures;

    @Inject
    ClientAddresses addresses;

    @Inject
    Sessions sessions;

    @Inject
    IdentityConfig config;

    @Inject
    Caller caller;

    @Context
    HttpServletRequest request;

    public record Login(@NotNull @Size(min = 1, max = 64) String username,
                        @NotNull @Size(min = 1, max = 256) String password) {

        @Override
        public String toString() {
            return "Login[username=" + username + ", password=***]";
        }
    }

    /** The signed-in user as the page needs it; {@code csrfToken} goes in {@code X-CSRF-Token} on every change. */
    public record SessionView(String name, List<String> roles, String csrfToken, Instant expiresAt,
                              long idleTimeoutSeconds) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Audience(Audience.Who.PUBLIC)
    @RateLimited(policy = "login", key = RateLimited.KeyKind.CLIENT_IP)
    @Operation(summary = "Sign in with a username and password: a session cookie for the admin UI")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "login", value = "{\"username\": \"carol\", \"password\": \"correct-horse-battery\"}")))
    public Response login(@Valid @NotNull Login login) throws SQLException {
        if (Attempt.hasControlCharacter(login.username())) {
            throw rejected();
        }
        AuthenticationGuard.Counted counted = failures.before(Attempt.login(login.username(), addresses.limitKey(request)));
        if (counted.refusal().isPresent()) {
            return refused(counted.refusal().get());
        }
        boolean bad = false;
        try {
            CredentialValidationResult result = identityStores.validate(
                    new UsernamePasswordCredential(login.username(), login.password()));
            if (result.getStatus() != CredentialValidationResult.Status.VALID) {
                bad = true;
                throw rejected();
            }
            String role = result.getCallerGroups().contains(Roles.ADMIN) ? Roles.ADMIN : Roles.MEMBER;
            sessions.close(SessionCookies.sessionToken(request)); // a new login replaces the browser's session
            Sessions.Opened opened = sessions.open(result.getCallerPrincipal().getName(), role);
            return Response.ok(view(opened.session())).header("Set-Cookie", sessions.cookie(opened.token(), request.isSecure())).build();
        } finally {
            if (!bad) { // good credentials, or ones that could not be checked, do not count as a failure
                counted.giveBack();
            }
        }
    }

    @GET
    @Audience(Audience.Who.PUBLIC)
    @Operation(summary = "Who is signed in: the user, roles and, for a session, the CSRF token its changes carry;"
            + " name null when no user is (the login page asks before it shows its form)")
    public SessionView read() {
        if (current().isPresent()) {
            return view(current().get());
        }
        long idle = config.sessionIdleTimeout().toSeconds();
        return caller.isUser() ? new SessionView(caller.name(),
                caller.roles().stream().map(Caller.Role::value).sorted().toList(), null, null, idle)
                : new SessionView(null, List.of(), null, null, idle);
    }

    @DELETE
    @Audience(Audience.Who.USER)
    @SecurityRequirement(name = "userLogin")
    @Operation(summary = "Sign out: the session ends on every server")
    public Response logout() throws SQLException {
        if (current().isPresent()) {
            sessions.close(SessionCookies.sessionToken(request));
        }
        return Response.noContent().header("Set-Cookie", sessions.expiredCookie(request.isSecure())).build();
    }

    private Optional<Sessions.Session> current() {
        return Optional.ofNullable((Sessions.Session) request.getAttribute(SessionCookies.SESSION_ATTRIBUTE));
    }

    private SessionView view(Sessions.Session session) {
        return new SessionView(session.username(), List.of(session.role()), session.csrfToken(), session.expiresAt(),
                config.sessionIdleTimeout().toSeconds());
    }

    private static VigilException rejected() {
        return new VigilException(ErrorCode.UNAUTHORIZED, "The username or password is not valid");
    }

    private static Response refused(Decision decision) {
        if (decision.outcome().isFailure()) {
            throw new VigilException(ErrorCode.DEPENDENCY_UNAVAILABLE, "Failed logins cannot be counted; retry shortly");
        }
        Response.ResponseBuilder response = Response.status(ErrorCode.RATE_LIMITED.status()).type(Problem.MEDIA_TYPE)
                .header(ErrorCode.HEADER, ErrorCode.RATE_LIMITED.code())
                .entity(Problem.of(ErrorCode.RATE_LIMITED, "Too many failed logins; retry after "
                        + decision.retryAfterSeconds() + " s", null));
        RateLimitHeaders.of(decision).forEach(response::header);
        return response.build();
    }
}
