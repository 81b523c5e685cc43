package dev.vigil.identity.internal.apps;

import dev.vigil.identity.internal.apps.AppViews.AppView;
import dev.vigil.identity.internal.apps.AppViews.CreatedApp;
import dev.vigil.identity.internal.apps.AppViews.IssuedKey;
import dev.vigil.kernel.api.Caller;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admin API for apps and their keys. */
@Path("/v1/admin/apps")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin: apps")
@SecurityRequirement(name = "userLogin")
public class AppsResource {

    @Inject
    AppRegistry registry;

    @Inject
    Caller caller;

    /** A new app's name: letters, digits and {@code . _ -}, starting with a letter or digit. */
    public record NewApp(
            @NotNull @Size(min = 1, max = 100) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._ -]*") String name) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register an app; the answer holds its first API key, shown only this once")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "app", value = "{\"name\": \"checkout-ios\"}")))
    public Response create(@Valid @NotNull NewApp body, @jakarta.ws.rs.core.Context UriInfo uri) {
        CreatedApp created = registry.create(body.name(), caller);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build()).entity(created).build();
    }

    @GET
    @Operation(summary = "List apps with their keys (prefixes only)")
    public List<AppView> list() {
        return registry.list();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One app with its keys (prefixes only)")
    public AppView get(@PathParam("id") String id) {
        return registry.get(id);
    }

    @POST
    @Path("{id}/keys")
    @Operation(summary = "Issue another key (at most two live keys per app); shown only this once")
    public Response issueKey(@PathParam("id") String id) {
        IssuedKey issued = registry.issueKey(id, caller);
        return Response.status(Response.Status.CREATED).entity(issued).build();
    }

    @DELETE
    @Path("{id}/keys/{keyId}")
    @Operation(summary = "Revoke a key; it stops working at once")
    public Response revokeKey(@PathParam("id") String id, @PathParam("keyId") String keyId) {
        registry.revokeKey(id, keyId, caller);
        return Response.noContent().build();
    }
}
