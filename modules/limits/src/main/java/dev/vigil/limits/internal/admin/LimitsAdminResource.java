package dev.vigil.limits.internal.admin;

import dev.vigil.limits.api.Policies;
import dev.vigil.limits.api.Policy;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Ops data of the limits module; admin-only like everything under {@code /api/v1/admin}. */
@Path("/v1/admin/limits")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin: limits")
@SecurityRequirement(name = "userLogin")
public class LimitsAdminResource {

    static final int MAX_MINUTES = 7 * 24 * 60;
    static final int MAX_EVENTS = 500;

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Inject
    Policies policies;

    public record PolicyView(String name, int max, long windowSeconds, String onStoreFailure) {
    }

    public record Count(String policy, String outcome, long occurrences, long keys) {
    }

    public record EventView(String policy, String key, String outcome, long windowStart, long occurrences) {
    }

    public record IdempotencyStats(long keys, long inFlight, long completed) {
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
    public List<Count> summary(@QueryParam("minutes") @DefaultValue("60") int minutes) throws SQLException {
        long since = System.currentTimeMillis() - Math.max(1, Math.min(minutes, MAX_MINUTES)) * 60_000L;
        List<Count> counts = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("select policy, outcome, sum(occurrences), count(distinct bucket_key)"
                     + " from limits_event where bucket_start >= ? group by policy, outcome order by 3 desc")) {
            q.setLong(1, since);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    counts.add(new Count(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
                }
            }
        }
        return counts;
    }

    @GET
    @Path("events")
    @Operation(summary = "Most recent rate-limit events (deduplicated per policy, key and outcome in 5 s windows)")
    public List<EventView> events(@QueryParam("limit") @DefaultValue("50") int limit) throws SQLException {
        List<EventView> events = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("select policy, bucket_key, outcome, bucket_start, occurrences"
                     + " from limits_event order by bucket_start desc")) {
            q.setMaxRows(Math.max(1, Math.min(limit, MAX_EVENTS)));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    events.add(new EventView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getLong(5)));
                }
            }
        }
        return events;
    }

    @GET
    @Path("idempotency")
    @Operation(summary = "Stored idempotency keys: how many, how many still in flight")
    public IdempotencyStats idempotency() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("select count(*), sum(case when status is null then 1 else 0 end)"
                     + " from limits_idempotency where expires_at > ?")) {
            q.setLong(1, System.currentTimeMillis());
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                long keys = rs.getLong(1);
                long inFlight = rs.getLong(2);
                return new IdempotencyStats(keys, inFlight, keys - inFlight);
            }
        }
    }

    private static PolicyView view(Policy p) {
        return new PolicyView(p.name(), p.max(), p.window().toSeconds(), p.onStoreFailure().name().toLowerCase());
    }
}
