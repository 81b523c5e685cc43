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
 * still queued or retrying is left to its job for a week more (one whose job died without an
 * outcome goes then); an alert is left while it is in a group.
 */
@ApplicationScoped
public class AlertingPurge implements TrackedJob {

    static final int BATCH = 1000;
    /** The most batches per statement and run: a run ends, the next hour goes on. */
    static final int MAX_BATCHES = 100;
    /** How much longer than the retention a notification that never finished is kept. */
    static final long UNFINISHED_GRACE = 7 * 86_400_000L;
    /** The digest days kept whatever the retention. */
    static final long DIGEST_KEPT = 3 * 86_400_000L;

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
                + purgeBefore(System.currentTimeMillis() - settings.retention().toMillis(), System.currentTimeMillis());
    }

    /** Removes what ended before {@code cutoff}; what was removed, in one line. */
    String purgeBefore(long cutoff, long now) throws SQLException {
        long notifications = purge("delete from alerting_notification where id in (select id from alerting_notification"
                + " where status in ('delivered', 'failed') and created_at < ? fetch first " + BATCH + " rows only)", cutoff);
        // One whose job ended without an outcome (dead past its time to live, or its outcome not written): a week later.
        notifications += purge("delete from alerting_notification where id in (select id from alerting_notification"
                + " where created_at < ? fetch first " + BATCH + " rows only)", cutoff - UNFINISHED_GRACE);
        long transitions = purge("delete from alerting_transition where id in (select t.id from alerting_transition t"
                + " join alerting_alert a on a.id = t.alert_id where a.state = 'resolved' and a.ends_at < ?"
                + " and not exists (select 1 from alerting_group_alert ga where ga.alert_id = a.id)"
                + " fetch first " + BATCH + " rows only)", cutoff);
        // The conditions on the row itself are repeated outside the subquery: a raise that fires the
        // alert again (or joins the group) while the delete waits for its lock is seen by PostgreSQL's
        // re-check of the row, which the subquery's snapshot would miss.
        long alerts = purge("delete from alerting_alert where id in (select a.id from alerting_alert a where a.state = 'resolved'"
                + " and a.ends_at < ? and not exists (select 1 from alerting_group_alert ga where ga.alert_id = a.id)"
                + " and not exists (select 1 from alerting_transition t where t.alert_id = a.id)"
                + " fetch first " + BATCH + " rows only) and state = 'resolved' and ends_at < ?", cutoff, cutoff);
        long groups = purge("delete from alerting_group where id in (select g.id from alerting_group g"
                + " where g.next_flush_at is null and coalesce(g.last_flush_at, g.created_at) < ?"
                + " and not exists (select 1 from alerting_group_alert ga where ga.group_id = g.id)"
                + " fetch first " + BATCH + " rows only) and next_flush_at is null", cutoff);
        long silences = purge("delete from alerting_mute where id in (select id from alerting_mute where kind = 'silence'"
                + " and ends_at < ? fetch first " + BATCH + " rows only)", cutoff);
        // Digest days stay at least a few days whatever the retention: the digest's catch-up reads them.
        long digests = purge("delete from alerting_digest where sent_at < ?", Math.min(cutoff, now - DIGEST_KEPT));
        return notifications + " notifications, " + alerts + " resolved alerts (" + transitions + " transitions), " + groups
                + " empty groups, " + silences + " silences, " + digests + " digest days removed";
    }

    private long purge(String sql, long... cutoffs) throws SQLException {
        long removed = 0;
        try (Connection c = dataSource.getConnection()) {
            for (int batch = 0; batch < MAX_BATCHES; batch++) {
                int n;
                try (PreparedStatement delete = c.prepareStatement(sql)) {
                    for (int i = 0; i < cutoffs.length; i++) {
                        delete.setLong(i + 1, cutoffs[i]);
                    }
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
