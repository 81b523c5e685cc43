package dev.vigil.ingest.internal.uploads;

import dev.vigil.ingest.api.UploadDigest;
import dev.vigil.kernel.api.AppScope;
import dev.vigil.kernel.api.Audience;
import dev.vigil.kernel.api.Caller;
import dev.vigil.kernel.api.Times;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The failed-upload log: listed and filtered, exported per UTC day as NDJSON, counted per app and kind. */
@ApplicationScoped
@Path("/v1/failed-uploads")
@Tag(name = "uploads")
public class FailedUploadsResource {

    static final String NDJSON = "application/x-ndjson";
    static final int CHUNK = 500;

    @Inject
    FailedUploads failed;

    @Inject
    UploadDigest digest;

    @Inject
    HttpServletRequest request;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Audience({Audience.Who.APP, Audience.Who.USER})
    @SecurityRequirement(name = "appKey")
    @SecurityRequirement(name = "userLogin")
    @Operation(summary = "Refused uploads, newest first; an app sees only its own. Filter by app, kind, reason (a"
            + " taxonomy code) and time range (from inclusive, to exclusive); page with ?before=<the last id>")
    public List<JsonObject> list(@QueryParam("app") String app, @QueryParam("kind") String kind,
            @QueryParam("reason") String reason, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("before") String before, @QueryParam("limit") @DefaultValue("50") int limit)
            throws SQLException {
        var filter = new FailedUploads.Filter(app, kind, reason, Times.parse("from", from), Times.parse("to", to));
        return failed.list(AppScope.of(caller()), filter, before, Pages.limit(limit, UploadsResource.MAX_PAGE)).stream()
                .map(FailedUploadsResource::view).toList();
    }

    @GET
    @Path("export")
    @Produces(NDJSON)
    @Audience(Audience.Who.USER)
    @SecurityRequirement(name = "userLogin")
    @Operation(summary = "Every refused upload of one UTC day (default today; optionally of one app or kind), one"
            + " JSON object per line, oldest first: the seed's runs/failed/YYYY-MM-DD.jsonl")
    public StreamingOutput export(@QueryParam("date") String date, @QueryParam("app") String app,
            @QueryParam("kind") String kind) {
        LocalDate day = day(date);
        var filter = new FailedUploads.Filter(app, kind, null, day.atStartOfDay(ZoneOffset.UTC).toInstant(),
                day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        return out -> {
            long afterAt = filter.from().toEpochMilli() - 1;
            String after = "";
            while (true) {
                List<FailedUploads.Failed> chunk;
                try {
                    chunk = failed.chunk(filter, afterAt, after, CHUNK);
                } catch (SQLException e) {
                    throw new IOException("export interrupted: " + e.getMessage(), e);
                }
                for (FailedUploads.Failed row : chunk) {
                    out.write(view(row).toString().getBytes(StandardCharsets.UTF_8));
                    out.write('\n');
                }
                out.flush();
                if (chunk.size() < CHUNK) {
                    return;
                }
                afterAt = chunk.get(chunk.size() - 1).receivedAt().toEpochMilli();
                after = chunk.get(chunk.size() - 1).id();
            }
        };
    }

    @GET
    @Path("daily")
    @Produces(MediaType.APPLICATION_JSON)
    @Audience(Audience.Who.USER)
    @SecurityRequirement(name = "userLogin")
    @Operation(summary = "Uploads stored and refused per app and kind on one UTC day, default today (the digest's"
            + " numbers)")
    public List<UploadDigest.DailyCount> daily(@QueryParam("date") String date) {
        return digest.daily(day(date), ZoneOffset.UTC);
    }

    static JsonObject view(FailedUploads.Failed row) {
        return Json.createObjectBuilder().add("id", row.id()).add("appId", row.appId()).add("kind", row.kind())
                .add("reason", row.reason()).add("status", row.status()).add("detail", row.detail())
                .add("requestId", row.requestId()).add("receivedAt", row.receivedAt().toString())
                .add("bytes", row.bytes()).build();
    }

    private static LocalDate day(String date) {
        return date == null || date.isBlank() ? LocalDate.now(ZoneOffset.UTC) : Times.day("date", date);
    }

    private Caller caller() {
        return Caller.fromAttribute(request.getAttribute(Caller.REQUEST_ATTRIBUTE));
    }
}
