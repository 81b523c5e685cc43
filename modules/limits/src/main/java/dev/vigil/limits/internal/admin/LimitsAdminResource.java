package dev.vigil.limits.internal.admin;

import dev.vigil.limits.api.Policies;
import dev.vigil.limits.api.Policy;
import dev.vigil.limits.internal.data.LimitsData;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Ops data of the limits module; admin-only like everything under {@code /api/v1/admin}, and again
 * in the data layer ({@link LimitsData}).
 */
@Path("/v1/admin/limits")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin: limits")
@SecurityRequirement(name = "userLogin")
public class LimitsAdminResource {

    static final int MAX_MINUTES = 7 * 24 * 60;
    static final int MAX_EVENTS = 500;

    @Inject
    LimitsData data;

    @Inject
    Policies policies;

    public record PolicyView(String name, int max, long windowSeconds, String onStoreFailure) {
    }

    @GET
    @Path("policies")
    @Operation(summary = "Effective rate-limit policies (defaults with configuration applied)")
    public List<PolicyView> policies() {
        return policies.all().stream().map(LimitsAdminResource::view).toList();
    }

    @GET
    @Path("summary")
    @Operation(summary = "Refused and fallback decisions by policy and outcome over the last N minutes")
    public List<LimitsData.Count> summary(@QueryParam("minutes") @DefaultValue("60") int minutes) {
        return data.summary(System.currentTimeMillis() - Math.max(1, Math.min(minutes, MAX_MINUTES)) * 60_000L);
    }

    @GET
    @Path("events")
    @Operation(summary = "Most recent rate-limit events (deduplicated per policy, key and outcome in 5 s windows)")
    public List<LimitsData.EventView> events(@QueryParam("limit") @DefaultValue("50") int limit) {
        return data.events(Math.max(1, Math.min(limit, MAX_EVENTS)));
    }

    @GET
    @Path("idempotency")
    @Operation(summary = "Stored idempotency keys: how many, how many still in flight")
    public LimitsData.IdempotencyStats idempotency() {
        return data.idempotency(System.currentTimeMillis());
    }

    private static PolicyView view(Policy p) {
        return new PolicyView(p.name(), p.max(), p.window().toSeconds(), p.onStoreFailure().name().toLowerCase());
    }
}
