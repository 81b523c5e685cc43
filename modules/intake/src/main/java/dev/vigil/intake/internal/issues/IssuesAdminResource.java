package dev.vigil.intake.internal.issues;

import dev.vigil.kernel.api.Times;
import dev.vigil.kernel.api.AppRows;
import dev.vigil.kernel.api.AppScope;
import dev.vigil.intake.api.IssueDigest;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A day's reports as NDJSON, and the digest's daily counts; admin-only like all of {@code /api/v1/admin}. */
@Path("/v1/admin/issues")
@Tag(name = "admin: issues")
@SecurityRequirement(name = "userLogin")
public class IssuesAdminResource {

    static final String NDJSON = "application/x-ndjson";
    static final int CHUNK = 500;

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Inject
    IssueDigest digest;

    @GET
    @Path("export")
    @Produces(NDJSON)
    @Operation(summary = "Every report received on one UTC day (default today; optionally of one app), one JSON"
            + " object per line, oldest first")
    public StreamingOutput export(@QueryParam("date") String date, @QueryParam("app") String app) {
        LocalDate day = day(date);
        long from = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long to = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        return out -> {
            try {
                stream(out, from, to, app);
            } catch (SQLException e) {
                throw new IOException("export interrupted: " + e.getMessage(), e);
            }
        };
    }

    @GET
    @Path("daily")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "New reports and new groups per app on one UTC day, default today (the digest's numbers)")
    public List<IssueDigest.DailyCount> daily(@QueryParam("date") String date) {
        return digest.daily(day(date));
    }

    /** Pages through the day by (received_at, id), so the export never holds the day in memory. */
    private void stream(OutputStream out, long from, long to, String app) throws SQLException, IOException {
        long afterAt = from - 1;
        String afterId = "";
        while (true) {
            AppRows query = ReportStore.select(AppScope.EVERY_APP).and("r.received_at < ?", to)
                    .and("(r.received_at > ? or (r.received_at = ? and r.id > ?))", afterAt, afterAt, afterId);
            if (app != null) {
                query.and("r.app_id = ?", app);
            }
            List<ReportStore.StoredReport> chunk = query.append(" order by r.received_at, r.id")
                    .list(dataSource, CHUNK, ReportStore::read);
            for (ReportStore.StoredReport report : chunk) {
                out.write(IssuesResource.view(report).toString().getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
            out.flush();
            if (chunk.size() < CHUNK) {
                return;
            }
            ReportStore.StoredReport last = chunk.get(chunk.size() - 1);
            afterAt = last.receivedAt();
            afterId = last.id();
        }
    }

    private static LocalDate day(String date) {
        if (date == null || date.isBlank()) {
            return LocalDate.now(ZoneOffset.UTC);
        }
        return Times.day("date", date);
    }
}
