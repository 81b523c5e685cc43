package dev.vigil.limits.internal.guard;

import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.Problem;
import jakarta.annotation.PostConstruct;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;
import java.util.Arrays;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Browsers calling from another origin are admitted only from {@code vigil.limits.cors.allowed-origins}
 * (exact origins, comma-separated; none by default); any other {@code Origin} gets {@code 403}.
 * Same-origin calls and clients that send no {@code Origin} (apps, curl) are not affected. A
 * wildcard is refused: Vigil's callers send credentials.
 */
@Provider
@PreMatching
public class CorsPolicy implements ContainerRequestFilter, ContainerResponseFilter {

    private static final Logger LOG = Logger.getLogger(CorsPolicy.class.getName());
    private static final String ALLOWED = CorsPolicy.class.getName() + ".allowed";

    private Set<String> allowed = Set.of();

    @PostConstruct
    void read() {
        String list = ConfigProvider.getConfig().getOptionalValue("vigil.limits.cors.allowed-origins", String.class)
                .orElse("");
        allowed = Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
        if (allowed.contains("*")) {
            LOG.severe("Configuration problem: vigil.limits.cors.allowed-origins must list origins; '*' is ignored"
                    + " because Vigil's callers send credentials");
            allowed = allowed.stream().filter(o -> !o.equals("*")).collect(Collectors.toSet());
        }
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String origin = request.getHeaderString("Origin");
        if (origin == null || sameOrigin(origin, request.getUriInfo().getBaseUri())) {
            return;
        }
        if (!allowed.contains(origin)) {
            request.abortWith(Response.status(403).type(Problem.MEDIA_TYPE)
                    .header(ErrorCode.HEADER, ErrorCode.FORBIDDEN.code())
                    .entity(Problem.of(ErrorCode.FORBIDDEN, "Calls from this origin are not allowed", null)).build());
            return;
        }
        request.setProperty(ALLOWED, origin);
        if (request.getMethod().equals("OPTIONS") && request.getHeaderString("Access-Control-Request-Method") != null) {
            request.abortWith(Response.noContent()
                    .header("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE")
                    .header("Access-Control-Allow-Headers", "Authorization, Content-Type, Idempotency-Key")
                    .header("Access-Control-Max-Age", "600").build());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(ALLOWED) instanceof String origin) {
            response.getHeaders().putSingle("Access-Control-Allow-Origin", origin);
            response.getHeaders().putSingle("Access-Control-Allow-Credentials", "true");
            response.getHeaders().add("Vary", "Origin");
            response.getHeaders().putSingle("Access-Control-Expose-Headers",
                    "RateLimit, RateLimit-Policy, Retry-After, Idempotent-Replayed, X-Vigil-Error-Code");
        }
    }

    private static boolean sameOrigin(String origin, URI base) {
        try {
            URI o = URI.create(origin);
            int port = o.getPort() == -1 ? ("https".equals(o.getScheme()) ? 443 : 80) : o.getPort();
            int basePort = base.getPort() == -1 ? ("https".equals(base.getScheme()) ? 443 : 80) : base.getPort();
            return o.getScheme() != null && o.getScheme().equalsIgnoreCase(base.getScheme())
                    && o.getHost() != null && o.getHost().equalsIgnoreCase(base.getHost()) && port == basePort;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
