package dev.vigil.alerting.internal;

import dev.vigil.kernel.api.TrackedJob;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Keeps alerting's tables to {@code notification-retention} (30 days): delivered and failed
 * notifications, alerts resolved that long ago (with their history), groups empty and quiet that
 * long, silences that ended that long ago, and old digest rows. Hourly, in batches of
 * {@value #BATCH} rows per transaction, so a large backlog never holds a long lock. A notification
 * still queued or retrying is left to its job; an alert's groups are left while it is in one.
 */
@ApplicationScoped
public class AlertingPurge implements TrackedJob {

    static final int BATCH = 1000;
    /** The most batches per statement and run: a run ends, the next hour goes on. */
    static final int MAX_BATCHES = 100;

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Inject
    AlertingSettings settings;

    @Override
    public String name() {
        return "alerting-purge";
    }

    @Override
    public Schedule schedule() {
        return Schedule.hourly(41);
    }

    @Override
    public String run() throws SQLException {
        return "older than " + settings.retention().toDays() + " days: "
                + purgeBefore(System.currentTimeMillis() - settings.retention().toMillis());
    }

    /** Removes what ended before {@code cutoff}; what was removed, in one line. */
    String purgeBefore(long cutoff) throws SQLException {
        long notifications = purge("delete from alerting_notification where id in (select id from alerting_notification"
                + " where status in ('delivered', 'failed') and created_at < ? fetch first " + BATCH + " rows only)", cutoff);
        long transitions = purge("delete from alerting_transition where id in (select t.id from alerting_transition t"
                + " join alerting_alert a on a.id = t.alert_id where a.state = 'resolved' and a.ends_at < ?"
                + " and not exists (select 1 from alerting_group_alert ga where ga.alert_id = a.id)"
                + " fetch first " + BATCH + " rows only)", cutoff);
        long alerts = purge("delete from alerting_alert where id in (select a.id from alerting_alert a where a.state = 'resolved'"
                + " and a.ends_at < ? and not exists (select 1 from alerting_group_alert ga where ga.alert_id = a.id)"
                + " and not exists (select 1 from alerting_transition t where t.alert_id = a.id)"
                + " fetch first " + BATCH + " rows only)", cutoff);
        long groups = purge("delete from alerting_group where id in (select g.id from alerting_group g"
                + " where g.next_flush_at is null and coalesce(g.last_flush_at, g.created_at) < ?"
                + " and not exists (select 1 from alerting_group_alert ga where ga.group_id = g.id)"
                + " fetch first " + BATCH + " rows only)", cutoff);
        long silences = purge("delete from alerting_mute where id in (select id from alerting_mute where kind = 'silence'"
                + " and ends_at < ? fetch first " + BATCH + " rows only)", cutoff);
        long digests = purge("delete from alerting_digest where sent_at < ?", cutoff);
        return notifications + " notifications, " + alerts + " resolved alerts (" + transitions + " transitions), " + groups
                + " empty groups, " + silences + " silences, " + digests + " digest days removed";
    }

    private long purge(String sql, long cutoff) throws SQLException {
        long removed = 0;
        try (Connection c = dataSource.getConnection()) {
            for (int batch = 0; batch < MAX_BATCHES; batch++) {
                int n;
                try (PreparedStatement delete = c.prepareStatement(sql)) {
                    delete.setLong(1, cutoff);
                    n = delete.executeUpdate();
                }
                removed += n;
                if (n < BATCH) {
                    break;
                }
            }
        }
        return removed;
    }
}
