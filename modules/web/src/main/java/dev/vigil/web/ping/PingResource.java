package dev.vigil.web.ping;

import dev.vigil.kernel.api.Audience;
import dev.vigil.limits.api.RateLimited;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/v1/ping}: Vigil's API answers; no database, no credentials, limited per client. */
@Path("/v1/ping")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "identity")
@Audience(Audience.Who.PUBLIC)
public class PingResource {

    private static final Map<String, String> OK = Map.of("status", "ok");

    @GET
    @RateLimited(policy = "ping", key = RateLimited.KeyKind.CLIENT_IP)
    @Operation(summary = "Reachability check, rate limited per client address (policy 'ping')")
    public Map<String, String> ping() {
        return OK;
    }
}
