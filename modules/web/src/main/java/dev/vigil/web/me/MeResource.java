package dev.vigil.web.me;

import dev.vigil.kernel.api.Audience;
import dev.vigil.kernel.api.Caller;
import dev.vigil.web.VigilApplication;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/v1/me}: who the credentials belong to. */
@Path("/v1/me")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "identity")
@Audience({Audience.Who.APP, Audience.Who.USER})
@SecurityRequirement(name = VigilApplication.APP_KEY)
@SecurityRequirement(name = VigilApplication.USER_LOGIN)
public class MeResource {

    @Inject
    Caller caller;

    /** The caller: a user with roles, or an app with its id. */
    public record Me(String kind, String name, List<String> roles, String appId) {
    }

    @GET
    @Operation(summary = "The authenticated caller: user and roles, or app id")
    public Me me() {
        List<String> roles = caller.roles().stream().map(Caller.Role::value).sorted().toList();
        return new Me(caller.kind().name().toLowerCase(java.util.Locale.ROOT), caller.name(), roles,
                caller.appId().orElse(null));
    }
}
