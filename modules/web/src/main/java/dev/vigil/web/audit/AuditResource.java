package dev.vigil.web.audit;

import dev.vigil.web.VigilApplication;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
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

/** Admin API: the audit log, newest first, in bounded pages ({@link AuditReader}: admins only, again). */
@Path("/v1/admin/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin: audit")
@SecurityRequirement(name = VigilApplication.USER_LOGIN)
public class AuditResource {

    @Inject
    AuditReader audit;

    @GET
    @Operation(summary = "Audit log page, newest first; pass the last id as 'before' for the next page")
    public List<AuditLog.Entry> page(@QueryParam("limit") @DefaultValue("50") @Min(1) @Max(AuditLog.MAX_PAGE) int limit,
                                     @QueryParam("before") @Size(max = 36) String before) {
        return audit.page(limit, before);
    }
}
