package dev.vigil.intake.internal.issues;

import dev.vigil.kernel.api.AppScope;
import dev.vigil.kernel.api.Audience;
import dev.vigil.kernel.api.Caller;
import dev.vigil.kernel.api.Transactional;
import dev.vigil.kernel.api.VigilException;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Triage works on groups: members and admins list, read, set status, assign and comment. */
@Path("/v1/issue-groups")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "issues")
@Audience(Audience.Who.USER)
@SecurityRequirement(name = "userLogin")
public class IssueGroupsResource {

    static final String STATUSES = "new|triaged|resolved|ignored";

    @Inject
    IssueQueries queries;

    @Inject
    Triage triage;

    @Inject
    Caller caller;

    /** A change to a group: any field left out stays as it is; an empty assignee unassigns. */
    public record GroupChange(
            @Pattern(regexp = STATUSES) String status,
            @Size(max = 64) @Pattern(regexp = "[a-z0-9._@-]*") String assignee) {
    }

    public record NewComment(@NotBlank @Size(max = 4000) String body) {
    }

    @GET
    @Operation(summary = "Groups, most recently seen first; filter by app, status, app version, time range, text")
    public IssueQueries.Page<IssueQueries.GroupRow> list(@Valid @BeanParam ListParams params) throws SQLException {
        return queries.groups(AppScope.of(caller), params.filter(), params.limit(), params.before());
    }

    @GET
    @Path("{groupId}")
    @Operation(summary = "One group: app versions affected, recent reports, comments")
    public IssueQueries.GroupDetail read(@PathParam("groupId") String id) throws SQLException {
        return queries.group(AppScope.of(caller), id).orElseThrow(() -> VigilException.notFound("Issue group"));
    }

    @PATCH
    @Path("{groupId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Set a group's status (new, triaged, resolved, ignored) or assignee; audited")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "triage", value = "{\"status\": \"triaged\", \"assignee\": \"carol\"}")))
    public IssueQueries.GroupDetail change(@PathParam("groupId") String id, @Valid @NotNull GroupChange change)
            throws SQLException {
        if (change.status() == null && change.assignee() == null) {
            throw VigilException.invalid("Send status, assignee or both");
        }
        if (change.status() != null) {
            triage.setStatus(id, change.status(), caller);
        }
        if (change.assignee() != null) {
            triage.assign(id, change.assignee(), caller);
        }
        return queries.group(AppScope.of(caller), id).orElseThrow(() -> VigilException.notFound("Issue group"));
    }

    @POST
    @Path("{groupId}/comments")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Comment on a group; audited")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "comment", value = "{\"body\": \"Seen on 2.3.1 only; uploader retry loop\"}")))
    public Response comment(@PathParam("groupId") String id, @Valid @NotNull NewComment comment) throws SQLException {
        String commentId = triage.comment(id, comment.body(), caller);
        return Response.status(Response.Status.CREATED).entity(Map.of("id", commentId)).build();
    }
}
