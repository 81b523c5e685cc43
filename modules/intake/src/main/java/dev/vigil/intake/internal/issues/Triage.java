package dev.vigil.intake.internal.issues;

import dev.vigil.kernel.api.AppRows;
import dev.vigil.kernel.api.AppScope;
import dev.vigil.kernel.api.AuditTrail;
import dev.vigil.kernel.api.Caller;
import dev.vigil.kernel.api.Ids;
import dev.vigil.kernel.api.Transactional;
import dev.vigil.kernel.api.VigilException;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import javax.sql.DataSource;

/** Changes to groups by members and admins: status, assignee, comments; each in the audit log. */
@ApplicationScoped
public class Triage {

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Inject
    AuditTrail audit;

    @Inject
    Clock clock;

    @Transactional(Transactional.Type.MANDATORY)
    public void setStatus(String groupId, String status, Caller by) throws SQLException {
        update("update intake_group set status = ? where id = ? and report_count > 0", status, groupId);
        audit.record(by, "issue-group.status", groupId, "status " + status);
    }

    /** {@code assignee} null or empty unassigns. */
    @Transactional(Transactional.Type.MANDATORY)
    public void assign(String groupId, String assignee, Caller by) throws SQLException {
        String who = assignee == null || assignee.isEmpty() ? null : assignee;
        update("update intake_group set assignee = ? where id = ? and report_count > 0", who, groupId);
        audit.record(by, "issue-group.assign", groupId, who == null ? "unassigned" : "assigned to " + who);
    }

    @Transactional(Transactional.Type.MANDATORY)
    public String comment(String groupId, String body, Caller by) throws SQLException {
        String id = Ids.newId();
        boolean visible = !AppRows.select(AppScope.of(by), "select 1 from intake_group g", "g")
                .and("g.id = ?", groupId).and("g.report_count > 0")
                .list(dataSource, 1, rs -> Boolean.TRUE).isEmpty();
        if (!visible) {
            throw VigilException.notFound("Issue group");
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement(
                     "insert into intake_comment (id, group_id, author, created_at, body) values (?, ?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, groupId);
            insert.setString(3, by.actor());
            insert.setLong(4, clock.millis());
            insert.setString(5, body);
            insert.executeUpdate();
        }
        audit.record(by, "issue-group.comment", groupId, "comment " + id);
        return id;
    }

    /** Runs an update of one group; a group that does not exist (or has no reports) is 404. */
    private void update(String sql, String... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement update = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                update.setString(i + 1, args[i]);
            }
            if (update.executeUpdate() == 0) {
                throw VigilException.notFound("Issue group");
            }
        }
    }
}
