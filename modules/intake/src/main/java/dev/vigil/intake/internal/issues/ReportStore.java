package dev.vigil.intake.internal.issues;

import dev.vigil.kernel.api.AppRows;
import dev.vigil.kernel.api.AppScope;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import javax.sql.DataSource;

/**
 * {@code intake_report}: one row per stored report. Writes run on the caller's transaction (the
 * connection Liberty enlists in it), so a report, its group's count and an idempotency key commit
 * together or not at all.
 */
@ApplicationScoped
public class ReportStore {

    /** Client report ids looked up per query. */
    static final int MAX_IN_LIST = 100;

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    /** A report as stored: its columns and the redacted report as JSON. */
    public record StoredReport(String id, String appId, String groupId, String clientReportId, long receivedAt,
            String summary, String appVersion, int redactions, String body) {
    }

    /** The report with this id, if the scope may see it. */
    public Optional<StoredReport> byId(AppScope scope, String id) throws SQLException {
        return select(scope).and("r.id = ?", id).list(dataSource, 1, ReportStore::read).stream().findFirst();
    }

    /** Inserts the reports in one JDBC batch (one round trip on PostgreSQL). */
    public void insertAll(List<StoredReport> batch) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement("insert into intake_report (id, app_id, group_id,"
                     + " client_report_id, received_at, summary, app_version, redactions, body)"
                     + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (StoredReport report : batch) {
                insert.setString(1, report.id());
                insert.setString(2, report.appId());
                insert.setString(3, report.groupId());
                insert.setString(4, report.clientReportId());
                insert.setLong(5, report.receivedAt());
                insert.setString(6, report.summary());
                insert.setString(7, report.appVersion());
                insert.setInt(8, report.redactions());
                insert.setString(9, report.body());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** How many reports a group gains and the latest time among them. */
    public record GroupGain(long reports, long lastSeen) {

        GroupGain plus(long receivedAt) {
            return new GroupGain(reports + 1, Math.max(lastSeen, receivedAt));
        }
    }

    /**
     * Counts reports into their groups, one update per group, in the order of the group ids: two
     * batches touching the same groups lock them in the same order and cannot deadlock.
     */
    public void countIntoGroups(SortedMap<String, GroupGain> gains) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement update = c.prepareStatement("update intake_group set report_count = report_count + ?,"
                     + " last_seen = case when last_seen < ? then ? else last_seen end where id = ?")) {
            for (var gain : gains.entrySet()) {
                update.setLong(1, gain.getValue().reports());
                update.setLong(2, gain.getValue().lastSeen());
                update.setLong(3, gain.getValue().lastSeen());
                update.setString(4, gain.getKey());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** The first reports an app sent under any of these client report ids, by client report id. */
    public Map<String, StoredReport> byClientIds(String appId, List<String> clientReportIds) throws SQLException {
        Map<String, StoredReport> found = new HashMap<>();
        for (int from = 0; from < clientReportIds.size(); from += MAX_IN_LIST) {
            List<String> chunk = clientReportIds.subList(from, Math.min(clientReportIds.size(), from + MAX_IN_LIST));
            String placeholders = String.join(", ", Collections.nCopies(chunk.size(), "?"));
            for (StoredReport report : select(AppScope.app(appId))
                    .and("r.client_report_id in (" + placeholders + ")", chunk.toArray())
                    .list(dataSource, chunk.size() * 2, ReportStore::read)) {
                found.putIfAbsent(report.clientReportId(), report);
            }
        }
        return found;
    }

    private static final String COLUMNS = "r.id, r.app_id, r.group_id, r.client_report_id, r.received_at,"
            + " r.summary, r.app_version, r.redactions, r.body";

    static StoredReport read(ResultSet rs) throws SQLException {
        return new StoredReport(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getString(6), rs.getString(7), rs.getInt(8), rs.getString(9));
    }

    /** Reports the scope may see, every column ({@link #read}), as alias {@code r}. */
    static AppRows select(AppScope scope) {
        return AppRows.select(scope, "select " + COLUMNS + " from intake_report r", "r");
    }
}
