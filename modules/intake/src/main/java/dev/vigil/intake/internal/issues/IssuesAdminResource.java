package dev.vigil.intake.internal.issues;

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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
            List<ReportStore.StoredReport> chunk = new ArrayList<>(CHUNK);
            try (Connection c = dataSource.getConnection();
                 PreparedStatement q = c.prepareStatement("select " + ReportStore.COLUMNS + " from intake_report"
                         + " where received_at < ? and (received_at > ? or (received_at = ? and id > ?))"
                         + (app == null ? "" : " and app_id = ?") + " order by received_at, id")) {
                q.setLong(1, to);
                q.setLong(2, afterAt);
                q.setLong(3, afterAt);
                q.setString(4, afterId);
                if (app != null) {
                    q.setString(5, app);
                }
                q.setMaxRows(CHUNK);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        chunk.add(ReportStore.read(rs));
                    }
                }
            }
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
