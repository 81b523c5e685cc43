package dev.vigil.resilience.internal.admin;

import dev.vigil.resilience.api.ServerName;
import dev.vigil.resilience.internal.data.DependencyStateRow;
import dev.vigil.resilience.internal.data.QueueData;
import dev.vigil.resilience.internal.deps.DependencyRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Dependencies for admins. Breakers are per server: each dependency lists every server's last
 * written state, and this server's live one.
 */
@Path("/v1/admin/dependencies")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin: dependencies")
@SecurityRequirement(name = "userLogin")
public class DependenciesAdminResource {

    @Inject
    DependencyRegistry registry;

    @Inject
    QueueData data;

    /** A dependency: this server's live breaker, and every server's last written state (recent failures included). */
    public record DependencyView(String dependency, String thisServer, DependencyRegistry.Snapshot live,
            List<DependencyStateRow.View> servers) {
    }

    @GET
    @Operation(summary = "Every dependency with its breaker state on each server (breakers are per server) and recent failures")
    public List<DependencyView> dependencies() {
        List<DependencyStateRow.View> rows = data.dependencyStates();
        List<DependencyView> views = new ArrayList<>();
        for (DependencyRegistry.Snapshot live : registry.snapshots()) {
            views.add(new DependencyView(live.dependency(), ServerName.get(), live,
                    rows.stream().filter(r -> r.dependency().equals(live.dependency())).toList()));
        }
        return views;
    }
}
