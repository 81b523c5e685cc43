package dev.vigil.web.security;

import dev.vigil.identity.api.AuthRefusal;
import dev.vigil.kernel.api.Audience;
import dev.vigil.kernel.api.Audience.Who;
import dev.vigil.kernel.api.Caller;
import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.Problem;
import dev.vigil.web.persistence.SchemaMigrations;
import dev.vigil.web.problem.ProblemResponses;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The one place that decides who reaches a resource, below every resource and whatever its
 * annotations say: everything under {@code /api/v1/admin} (ops data) is admin-only; elsewhere the
 * resource's {@link Audience} applies, and a resource that declares none is admin-only too. Who
 * the caller is, or why its credentials were refused, the identity module's authentication
 * mechanism has left on the request.
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class AccessPolicy implements ContainerRequestFilter {

    static final String ADMIN_PREFIX = "v1/admin";
    /** The header the admin UI's scripts send with every API call. */
    static final String UI_HEADER = "X-Vigil-UI";
    static final String UI_CHALLENGE = "FormLogin realm=\"vigil\", login=\"/admin/login.html\"";

    @Context
    ResourceInfo resource;

    @Context
    HttpServletRequest request;

    @Inject
    SchemaMigrations schema;

    @Override
    public void filter(ContainerRequestContext context) {
        decide(context.getUriInfo().getPath()).ifPresent(context::abortWith);
    }

    private Optional<Response> decide(String path) {
        Set<Who> audience = audience(path);
        if (!schema.applied() && !audience.equals(Set.of(Who.PUBLIC))) {
            return Optional.of(answer(AuthRefusal.UNAVAILABLE));
        }
        Optional<AuthRefusal> refusal = AuthRefusal.of(request);
        if (refusal.isPresent()) {
            return refusal.map(this::answer); // presented credentials were not accepted, whatever the path
        }
        if (audience.contains(Who.PUBLIC)) {
            return Optional.empty();
        }
        Caller caller = Caller.fromAttribute(request.getAttribute(Caller.REQUEST_ATTRIBUTE));
        if (!caller.isAuthenticated()) {
            return Optional.of(unauthorized("Credentials are required"));
        }
        boolean allowed = (audience.contains(Who.ADMIN) && caller.isAdmin())
                || (audience.contains(Who.USER) && caller.isUser())
                || (audience.contains(Who.APP) && caller.isApp());
        return allowed ? Optional.empty()
                : Optional.of(ProblemResponses.of(ErrorCode.FORBIDDEN, "This caller may not use this resource"));
    }

    private Set<Who> audience(String path) {
        String normalized = path.startsWith("/") ? path.substring(1) : path;
        if (normalized.equals(ADMIN_PREFIX) || normalized.startsWith(ADMIN_PREFIX + "/")) {
            return Set.of(Who.ADMIN);
        }
        Audience declared = resource.getResourceMethod() == null ? null
                : resource.getResourceMethod().getAnnotation(Audience.class);
        if (declared == null && resource.getResourceClass() != null) {
            declared = resource.getResourceClass().getAnnotation(Audience.class);
        }
        if (declared == null || declared.value().length == 0) {
            return Set.of(Who.ADMIN);
        }
        return EnumSet.copyOf(Arrays.asList(declared.value()));
    }

    /**
     * {@code 401} with the Basic and Bearer challenge; to the admin UI's own calls (they say so with
     * {@code X-Vigil-UI}) a challenge of the form login, which no browser answers with its own
     * password dialog (a Basic challenge would, and the browser would then send what was typed there
     * on every request, in place of the session and its CSRF token).
     */
    private Response unauthorized(String detail) {
        return Response.fromResponse(ProblemResponses.of(ErrorCode.UNAUTHORIZED, detail))
                .header("WWW-Authenticate", challenge(AuthRefusal.CHALLENGE))
                .build();
    }

    /** The challenge for this request: the given one, or the form login's to the admin UI's own calls. */
    private String challenge(String challenge) {
        return request.getHeader(UI_HEADER) != null ? UI_CHALLENGE : challenge;
    }

    /**
     * A refused request's problem, with the refusal's headers ({@code WWW-Authenticate},
     * {@code Retry-After}); the admin UI's calls are challenged with the form login, never Basic.
     */
    private Response answer(AuthRefusal refusal) {
        Response.ResponseBuilder response =
                ProblemResponses.builder(Problem.of(refusal.code(), refusal.detail(), null));
        refusal.headers().forEach((name, value) ->
                response.header(name, name.equalsIgnoreCase("WWW-Authenticate") ? challenge(value) : value));
        return response.build();
    }
}
