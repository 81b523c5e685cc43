package dev.vigil.intake.internal.webhooks;

import dev.vigil.limits.api.RateLimited;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.NameBinding;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.sql.SQLException;

/**
 * Names the registered source a delivery is for as the rate limit's subject: the {@code webhook}
 * limit counts per source and client address, and every unknown name shares one subject. Keyed by
 * the raw path, each new name or encoding of one ({@code %67h} for {@code g}) was a fresh quota and
 * a new key in the limiter's memory.
 */
@Provider
@WebhookSubject.Resolved
@Priority(Priorities.AUTHORIZATION + 50)
public class WebhookSubject implements ContainerRequestFilter {

    static final String UNKNOWN = "webhook-source:unknown";

    /** Binds this filter to the delivery endpoint. */
    @NameBinding
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    public @interface Resolved {
    }

    @Inject
    WebhookStore store;

    @Override
    public void filter(ContainerRequestContext request) {
        String name = request.getUriInfo().getPathParameters().getFirst("source");
        try {
            String subject = name == null ? UNKNOWN
                    : store.source(name).map(source -> "webhook-source:" + source.id()).orElse(UNKNOWN);
            request.setProperty(RateLimited.SUBJECT, subject);
        } catch (SQLException e) {
            throw new IllegalStateException("webhook sources cannot be read", e);
        }
    }
}
