package dev.vigil.identity.internal.security;

import dev.vigil.kernel.api.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.servlet.http.HttpServletRequest;

/** The caller of the current request, as the authentication mechanism established it. */
public final class CurrentCaller {

    private CurrentCaller() {
    }

    static void set(HttpServletRequest request, Caller caller) {
        request.setAttribute(Caller.REQUEST_ATTRIBUTE, caller);
    }

    public static Caller of(HttpServletRequest request) {
        return Caller.fromAttribute(request.getAttribute(Caller.REQUEST_ATTRIBUTE));
    }

    /** Lets resources {@code @Inject Caller}; dependent, because a record cannot be proxied. */
    @ApplicationScoped
    static class Producer {

        @jakarta.inject.Inject
        HttpServletRequest request;

        @Produces
        Caller caller() {
            return of(request);
        }
    }
}
