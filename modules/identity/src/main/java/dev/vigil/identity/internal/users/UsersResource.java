package dev.vigil.identity.internal.users;

import dev.vigil.kernel.api.Caller;
import dev.vigil.kernel.api.Transactional;
import dev.vigil.kernel.api.VigilException;
import dev.vigil.limits.api.Idempotent;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admin API for members and admins. */
@Path("/v1/admin/users")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin: users")
@SecurityRequirement(name = "userLogin")
public class UsersResource {

    @Inject
    UserDirectory users;

    @Inject
    Caller caller;

    public record NewUser(
            @NotNull @Size(min = 3, max = 64) @Pattern(regexp = "[a-z0-9][a-z0-9._@-]*") String username,
            @NotNull @Size(min = 12, max = 256) String password,
            @NotNull @Pattern(regexp = "member|admin") String role) {

        @Override
        public String toString() {
            return "NewUser[username=" + username + ", role=" + role + "]";
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Idempotent
    @Transactional
    @Operation(summary = "Create a member or admin; send an Idempotency-Key to make retries safe")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "member",
                    value = "{\"username\": \"carol\", \"password\": \"correct-horse-battery\", \"role\": \"member\"}")))
    public Response create(@Valid @NotNull NewUser body) {
        Caller.Role role = Caller.Role.parse(body.role()).orElseThrow(() -> VigilException.invalid("Unknown role"));
        return Response.status(Response.Status.CREATED).entity(users.create(body.username(), body.password(), role,
                caller)).build();
    }

    @GET
    @Operation(summary = "List members and admins")
    public List<UserDirectory.UserView> list() {
        return users.list();
    }
}
