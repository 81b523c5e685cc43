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
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Names the registered source a delivery is for as the rate limit's subject: the {@code webhook}
 * limit counts per source and client address, and every unknown name shares one subject. Keyed by
 * the raw path, each new name or encoding of one ({@code %67h} for {@code g}) was a fresh quota and
 * a new key in the limiter's memory.
 *
 * <p>The names come from a copy of the source list, read again (by one thread; the others use the
 * copy they have) at most once a second when a name is not in it and every {@link #FRESH_MILLIS}
 * otherwise, so a flood of made-up names costs no database round trip each before the limit refuses it. A source created on another server a
 * moment ago may be counted as unknown until then: only its quota bucket differs, never whether
 * the delivery is accepted (the delivery endpoint reads the source itself).
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

    private static final Logger LOG = Logger.getLogger(WebhookSubject.class.getName());

    static final long FRESH_MILLIS = 30_000;
    static final long MISS_RELOAD_MILLIS = 1_000;

    @Inject
    WebhookReceiver store;

    private record Names(Map<String, String> subjects, long loadedAt) {
    }

    private volatile Names names = new Names(Map.of(), Long.MIN_VALUE / 2);
    private final AtomicBoolean reloading = new AtomicBoolean();

    @Override
    public void filter(ContainerRequestContext request) {
        String name = request.getUriInfo().getPathParameters().getFirst("source");
        request.setProperty(RateLimited.SUBJECT, WebhookReceiver.plausibleName(name) ? subject(name) : UNKNOWN);
    }

    private String subject(String name) {
        long now = System.currentTimeMillis();
        Names known = names;
        String subject = known.subjects().get(name);
        boolean stale = now - known.loadedAt() > (subject == null ? MISS_RELOAD_MILLIS : FRESH_MILLIS);
        if (stale && reloading.compareAndSet(false, true)) {
            try {
                known = reload(known, now);
            } finally {
                reloading.set(false);
            }
            subject = known.subjects().get(name);
        }
        return subject == null ? UNKNOWN : subject;
    }

    /**
     * One thread reads at a time; the others go on with the copy they have. When the database does
     * not answer, the old copy is kept (and tried again no sooner than a miss would): the delivery
     * endpoint then answers for the database itself, and nothing waits here.
     */
    private Names reload(Names seen, long now) {
        try {
            Map<String, String> subjects = new HashMap<>();
            store.sourceIds().forEach((name, id) -> subjects.put(name, "webhook-source:" + id));
            names = new Names(Map.copyOf(subjects), now);
        } catch (RuntimeException e) {
            LOG.fine(() -> "Webhook source names not read again (the old copy stays): " + e);
            names = new Names(seen.subjects(), now);
        }
        return names;
    }
}
