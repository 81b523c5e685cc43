package dev.vigil.ingest.internal.uploads;

import dev.vigil.kernel.api.AuditTrail;
import dev.vigil.kernel.api.Caller;
import dev.vigil.kernel.api.Transactional;
import dev.vigil.kernel.api.VigilException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admins register upload kinds: a JSON Schema and a size limit per kind. */
@ApplicationScoped
@Path("/v1/admin/upload-kinds")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin: uploads")
@SecurityRequirement(name = "userLogin")
public class UploadKindsResource {

    static final String EXAMPLE = "{\"description\": \"A capture run from the device\", \"maxBytes\": 65536,"
            + " \"schema\": {\"type\": \"object\", \"required\": [\"runId\"], \"properties\": {\"runId\":"
            + " {\"type\": \"string\", \"maxLength\": 64}, \"steps\": {\"type\": \"integer\", \"minimum\": 0}}}}";

    @Inject
    UploadKindData kinds;

    @Inject
    KindSchemas schemas;

    @Inject
    AuditTrail audit;

    @Inject
    HttpServletRequest request;

    private final Clock clock = Clock.systemUTC();

    @GET
    @Operation(summary = "Every upload kind with its schema and size limit")
    public List<JsonObject> list() throws SQLException {
        return kinds.all().stream().map(UploadKindsResource::view).toList();
    }

    @GET
    @Path("{name}")
    @Operation(summary = "One upload kind")
    public JsonObject read(@PathParam("name") String name) throws SQLException {
        return view(kinds.find(name).orElseThrow(() -> VigilException.notFound("Upload kind")));
    }

    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Register or replace an upload kind: its JSON Schema (draft 2020-12 unless $schema names"
            + " another; references only inside itself) and its size limit in bytes (default 65536, at most 1 MiB)."
            + " 201 when new, 200 when replaced")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "kind", value = EXAMPLE)))
    public Response put(@PathParam("name") String name, JsonObject body) throws SQLException {
        UploadKind.checkName(name);
        JsonValue schema = body.get("schema");
        if (schema == null || !(schema.getValueType() == JsonValue.ValueType.OBJECT
                || schema == JsonValue.TRUE || schema == JsonValue.FALSE)) {
            throw VigilException.invalid("schema: a JSON Schema (an object, or true / false) is required");
        }
        String schemaText = schema.toString();
        if (schemaText.length() > UploadKind.MAX_SCHEMA_CHARS) {
            throw VigilException.invalid("schema: at most " + UploadKind.MAX_SCHEMA_CHARS + " characters");
        }
        schemas.compile(schemaText);
        int maxBytes = UploadKind.DEFAULT_MAX_BYTES;
        if (body.get("maxBytes") instanceof JsonNumber number && number.isIntegral()) {
            maxBytes = UploadKind.checkMaxBytes(number.bigIntegerValue().min(java.math.BigInteger.valueOf(Integer.MAX_VALUE))
                    .intValue());
        } else if (body.containsKey("maxBytes") && body.get("maxBytes") != JsonValue.NULL) {
            throw VigilException.invalid("maxBytes must be a whole number of bytes");
        }
        String description = "";
        if (body.get("description") instanceof JsonString text) {
            description = text.getString();
        } else if (body.containsKey("description") && body.get("description") != JsonValue.NULL) {
            throw VigilException.invalid("description must be a string");
        }
        if (description.length() > UploadKind.MAX_DESCRIPTION) {
            throw VigilException.invalid("description: at most " + UploadKind.MAX_DESCRIPTION + " characters");
        }
        Caller caller = Caller.fromAttribute(request.getAttribute(Caller.REQUEST_ATTRIBUTE));
        UploadKind kind = new UploadKind(name, description, maxBytes, schemaText, clock.instant(), caller.actor());
        boolean created = kinds.put(kind);
        schemas.forget(name);
        audit.record(caller, created ? "upload-kind.created" : "upload-kind.replaced", name, "maxBytes=" + maxBytes);
        return Response.status(created ? Response.Status.CREATED : Response.Status.OK).entity(view(kind)).build();
    }

    @DELETE
    @Path("{name}")
    @Transactional
    @Operation(summary = "Delete an upload kind; its stored uploads stay, new uploads of it are refused (404)")
    public Response delete(@PathParam("name") String name) throws SQLException {
        if (!kinds.delete(name)) {
            throw VigilException.notFound("Upload kind");
        }
        schemas.forget(name);
        Caller caller = Caller.fromAttribute(request.getAttribute(Caller.REQUEST_ATTRIBUTE));
        audit.record(caller, "upload-kind.deleted", name, "");
        return Response.noContent().build();
    }

    static JsonObject view(UploadKind kind) {
        return Json.createObjectBuilder().add("name", kind.name()).add("description", kind.description())
                .add("maxBytes", kind.maxBytes()).add("schema", Json.createReader(new java.io.StringReader(kind.schema()))
                        .readValue()).add("updatedAt", kind.updatedAt().toString()).add("updatedBy", kind.updatedBy())
                .build();
    }
}
