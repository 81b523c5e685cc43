package dev.vigil.web.metrics;

import dev.vigil.kernel.api.ServedRequests;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Counts and times every API request by route template (never the raw path, which would explode
 * the series), method (the known ones, else {@code other}) and status: {@code vigil_http_requests_total} and
 * {@code vigil_http_request_duration_seconds} (with histogram buckets, for SLIs Prometheus can aggregate across
 * servers), and tells the {@link ServedRequests} beans (the SLOs of Vigil's own API).
 */
@Provider
@PreMatching
@Priority(1)
public class HttpMetricsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final Metadata HTTP_REQUESTS = Metadata.builder().withName("vigil_http_requests")
            .withDescription("API requests per route template, method and status").build();
    private static final Metadata HTTP_REQUEST_DURATION = Metadata.builder().withName("vigil_http_request_duration")
            .withDescription("API request durations per route template, method and status").build();

    private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
            "OPTIONS");
    private static final String STARTED = HttpMetricsFilter.class.getName() + ".started";

    @Inject
    MetricRegistry registry;

    @Inject
    Instance<ServedRequests> observers;

    private volatile List<ServedRequests> told;

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object started = request.getProperty(STARTED);
        Tag[] tags = {
            new Tag("route", route()),
            new Tag("method", method(request.getMethod())),
            new Tag("status", Integer.toString(response.getStatus()))
        };
        registry.counter(HTTP_REQUESTS, tags).inc();
        if (started instanceof Long nanos) {
            long took = System.nanoTime() - nanos;
            registry.timer(HTTP_REQUEST_DURATION, tags).update(Duration.ofNanos(took));
            List<ServedRequests> observing = told;
            if (observing == null) {
                told = observing = observers.stream().toList();
            }
            for (ServedRequests observer : observing) {
                observer.served(tags[0].getTagValue(), tags[1].getTagValue(), response.getStatus(), took);
            }
        }
    }

    /** The method as a label: one of the known ones, else {@code other} (made-up methods would each add series). */
    static String method(String method) {
        return KNOWN_METHODS.contains(method) ? method : "other";
    }

    private String route() {
        Class<?> type = resource == null ? null : resource.getResourceClass();
        Method method = resource == null ? null : resource.getResourceMethod();
        if (type == null || method == null) {
            return "unmatched";
        }
        StringBuilder route = new StringBuilder("/api");
        append(route, type.getAnnotation(jakarta.ws.rs.Path.class));
        append(route, method.getAnnotation(jakarta.ws.rs.Path.class));
        return route.toString();
    }

    private static void append(StringBuilder route, jakarta.ws.rs.Path path) {
        if (path == null) {
            return;
        }
        String value = path.value();
        if (!value.startsWith("/")) {
            route.append('/');
        }
        route.append(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
    }
}
