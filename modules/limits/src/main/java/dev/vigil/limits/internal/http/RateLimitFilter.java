package dev.vigil.limits.internal.http;

import dev.vigil.kernel.api.Caller;
import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.Problem;
import dev.vigil.limits.api.ClientAddresses;
import dev.vigil.limits.api.Decision;
import dev.vigil.limits.api.Policies;
import dev.vigil.limits.api.RateLimitHeaders;
import dev.vigil.limits.api.RateLimited;
import dev.vigil.limits.api.RateLimiter;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Applies {@link RateLimited} after the access policy (so the caller is known): over the limit,
 * {@code 429 rate_limited} with {@code Retry-After}; the headers go on every answer.
 */
@Provider
@RateLimited
@Priority(Priorities.AUTHORIZATION + 100)
public class RateLimitFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String DECISION = RateLimitFilter.class.getName() + ".decision";

    @Context
    ResourceInfo resource;

    @Context
    HttpServletRequest request;

    @Inject
    RateLimiter limiter;

    @Inject
    Policies policies;

    @Inject
    ClientAddresses addresses;

    @Override
    public void filter(ContainerRequestContext context) {
        RateLimited binding = binding();
        if (binding == null) {
            return;
        }
        Decision decision = limiter.acquire(policies.get(binding.policy()), key(binding.key(), context));
        context.setProperty(DECISION, decision);
        if (!decision.allowed()) {
            Response.ResponseBuilder response = Response.status(429).type(Problem.MEDIA_TYPE)
                    .header(ErrorCode.HEADER, ErrorCode.RATE_LIMITED.code())
                    .entity(Problem.of(ErrorCode.RATE_LIMITED, "Too many requests for policy '"
                            + decision.policy().name() + "'; retry after " + decision.retryAfterSeconds() + " s", null));
            RateLimitHeaders.of(decision).forEach(response::header);
            context.abortWith(response.build());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(DECISION) instanceof Decision decision && decision.allowed()) {
            RateLimitHeaders.of(decision).forEach((name, value) -> response.getHeaders().putSingle(name, value));
        }
    }

    private RateLimited binding() {
        RateLimited onMethod = resource.getResourceMethod() == null ? null
                : resource.getResourceMethod().getAnnotation(RateLimited.class);
        return onMethod != null ? onMethod
                : resource.getResourceClass() == null ? null : resource.getResourceClass().getAnnotation(RateLimited.class);
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    private String key(RateLimited.KeyKind kind, ContainerRequestContext context) {
        Caller caller = Caller.fromAttribute(request.getAttribute(Caller.REQUEST_ATTRIBUTE));
        return switch (kind) {
            case CLIENT_IP -> addresses.limitKey(request);
            case APP -> caller.appId().map(id -> "app:" + id).orElseGet(() -> addresses.limitKey(request));
            case CALLER -> caller.isAuthenticated() ? caller.actor() : addresses.limitKey(request);
            case PATH_AND_CLIENT_IP -> "path:" + clip(request.getRequestURI(), 120) + "|" + addresses.limitKey(request);
            case SUBJECT_AND_CLIENT_IP -> "subject:" + clip(String.valueOf(context.getProperty(RateLimited.SUBJECT)), 80)
                    + "|" + addresses.limitKey(request);
        };
    }
}
