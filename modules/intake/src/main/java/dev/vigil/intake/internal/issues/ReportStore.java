package dev.vigil.intake.internal.issues;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@code intake_report}: one row per stored report. Writes run on the caller's transaction (the
 * connection Liberty enlists in it), so a report, its group's count and an idempotency key commit
 * together or not at all.
 */
@ApplicationScoped
public class ReportStore {

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    /** A report as stored: its columns and the redacted report as JSON. */
    public record StoredReport(String id, String appId, String groupId, String clientReportId, long receivedAt,
            String summary, String appVersion, int redactions, String body) {
    }

    /** The first report an app sent under a client report id, if any. */
    public Optional<StoredReport> byClientId(String appId, String clientReportId) throws SQLException {
        return one("where app_id = ? and client_report_id = ?", appId, clientReportId);
    }

    public Optional<StoredReport> byId(String id) throws SQLException {
        return one("where id = ?", id);
    }

    public void insert(StoredReport report) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement("insert into intake_report (id, app_id, group_id,"
                     + " client_report_id, received_at, summary, app_version, redactions, body)"
                     + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, report.id());
            insert.setString(2, report.appId());
            insert.setString(3, report.groupId());
            insert.setString(4, report.clientReportId());
            insert.setLong(5, report.receivedAt());
            insert.setString(6, report.summary());
            insert.setString(7, report.appVersion());
            insert.setInt(8, report.redactions());
            insert.setString(9, report.body());
            insert.executeUpdate();
        }
    }

    /** Counts a report into its group. */
    public void countIntoGroup(String groupId, long receivedAt) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement update = c.prepareStatement("update intake_group set report_count = report_count + 1,"
                     + " last_seen = case when last_seen < ? then ? else last_seen end where id = ?")) {
            update.setLong(1, receivedAt);
            update.setLong(2, receivedAt);
            update.setString(3, groupId);
            update.executeUpdate();
        }
    }

    static final String COLUMNS = "id, app_id, group_id, client_report_id, received_at, summary, app_version,"
            + " redactions, body";

    static StoredReport read(ResultSet rs) throws SQLException {
        return new StoredReport(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getString(6), rs.getString(7), rs.getInt(8), rs.getString(9));
    }

    private Optional<StoredReport> one(String where, String... args) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("select " + COLUMNS + " from intake_report " + where)) {
            for (int i = 0; i < args.length; i++) {
                select.setString(i + 1, args[i]);
            }
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }
}
