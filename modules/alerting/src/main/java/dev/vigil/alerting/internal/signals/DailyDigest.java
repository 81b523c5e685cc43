package dev.vigil.alerting.internal.signals;

import dev.vigil.alerting.internal.AlertingSettings;
import dev.vigil.alerting.internal.Routing;
import dev.vigil.alerting.internal.channels.NotificationHandler;
import dev.vigil.alerting.internal.model.JsonMaps;
import dev.vigil.alerting.internal.model.RoutingTree;
import dev.vigil.alerting.internal.store.NotificationStore;
import dev.vigil.ingest.api.UploadDigest;
import dev.vigil.intake.api.IssueDigest;
import dev.vigil.kernel.api.DatabaseFailures;
import dev.vigil.kernel.api.TrackedJob;
import dev.vigil.kernel.api.Transactional;
import dev.vigil.resilience.api.JobRequest;
import dev.vigil.resilience.api.WorkQueue;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The daily digest (seed 000): at {@code digest.time} in {@code digest.zone}, the previous day's
 * new issue reports and new groups per app, and the alerts that fired that day per severity,
 * posted to the receiver {@code digest.receiver} (else the root route's receiver). A tracked job
 * that looks every 15 minutes, so a zone's half and quarter hours and a server down at the time
 * are caught up (up to the next day's time); a row per day makes it once, whichever server's timer
 * runs.
 */
@ApplicationScoped
public class DailyDigest implements TrackedJob {

    static final int MAX_APPS = 200;

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Inject
    AlertingSettings settings;

    @Inject
    IssueDigest issues;

    @Inject
    UploadDigest uploads;

    @Inject
    Routing routing;

    @Inject
    WorkQueue queue;

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    jakarta.transaction.TransactionSynchronizationRegistry transactions;

    /** This bean through its proxy, for the transaction. */
    @Inject
    DailyDigest self;

    @Override
    public String name() {
        return "alerting-digest";
    }

    @Override
    public Schedule schedule() {
        return new Schedule("*", "*/15", Duration.ofMinutes(15));
    }

    @Override
    public String run() throws SQLException {
        ZonedDateTime now = ZonedDateTime.now(settings.digestZone());
        // Before today's time: the day before yesterday's digest, should its time have passed unseen
        // (a server down then, or a time after the day's last look); once only.
        LocalDate day = now.toLocalDate().minusDays(now.toLocalTime().isBefore(settings.digestAt()) ? 2 : 1);
        try {
            return self.post(day, Instant.now());
        } catch (RuntimeException e) {
            try (Connection c = dataSource.getConnection()) {
                if (posted(c, day)) {
                    return "digest of " + day + " was posted by another server";
                }
            }
            throw e;
        }
    }

    /**
     * Posts the digest of {@code day} unless it was posted; what happened, in one line. The day's
     * row is claimed first, so a server that loses the claim leaves nothing behind.
     */
    @Transactional
    public String post(LocalDate day, Instant at) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (posted(c, day)) {
                return "digest of " + day + " was posted";
            }
            try (PreparedStatement insert = c.prepareStatement("insert into alerting_digest (digest_day, zone, sent_at,"
                    + " notifications) values (?, ?, ?, 0)")) {
                insert.setString(1, day.toString());
                insert.setString(2, settings.digestZone().getId());
                insert.setLong(3, at.toEpochMilli());
                insert.executeUpdate();
            } catch (SQLException e) {
                if (DatabaseFailures.isConstraintViolation(e)) {
                    transactions.setRollbackOnly();
                    return "digest of " + day + " was posted by another server";
                }
                throw e;
            }
            List<IssueDigest.DailyCount> counts = issues.daily(day, settings.digestZone());
            Map<String, Long> alerts = firedAlerts(c, day);
            List<UploadDigest.DailyCount> uploadCounts = uploads.daily(day, settings.digestZone());
            JsonObject message = message(day, counts, uploadCounts, alerts, at);
            RoutingTree tree = routing.tree(c);
            RoutingTree.Receiver receiver = tree.receivers().get(settings.digestReceiver());
            if (receiver == null) {
                receiver = tree.receivers().get(tree.root().receiver());
            }
            NotificationStore notifications = new NotificationStore(c);
            List<NotificationStore.Channel> channels = receiver == null ? List.of()
                    : notifications.channels(receiver.channels());
            List<JobRequest> jobs = new ArrayList<>();
            for (NotificationStore.Channel channel : channels) {
                String id = notifications.create(null, channel, 0, 0, at.toEpochMilli(), message.toString(),
                        at.toEpochMilli());
                jobs.add(JobRequest.now(NotificationHandler.KIND, channel.id(), id));
            }
            try (PreparedStatement update = c.prepareStatement("update alerting_digest set notifications = ?"
                    + " where digest_day = ?")) {
                update.setInt(1, jobs.size());
                update.setString(2, day.toString());
                update.executeUpdate();
            }
            queue.enqueueAll(jobs);
            return "digest of " + day + ": " + counts.size() + " apps, " + jobs.size() + " notifications"
                    + (receiver == null ? " (no receiver)" : " to receiver " + receiver.name());
        }
    }

    private static boolean posted(Connection c, LocalDate day) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("select 1 from alerting_digest where digest_day = ?")) {
            select.setString(1, day.toString());
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    private Map<String, Long> firedAlerts(Connection c, LocalDate day) throws SQLException {
        long from = day.atStartOfDay(settings.digestZone()).toInstant().toEpochMilli();
        long to = day.plusDays(1).atStartOfDay(settings.digestZone()).toInstant().toEpochMilli();
        Map<String, Long> counts = new java.util.TreeMap<>();
        try (PreparedStatement select = c.prepareStatement("select a.severity, count(distinct t.alert_id) from"
                + " alerting_transition t join alerting_alert a on a.id = t.alert_id where t.to_state = 'firing'"
                + " and t.at >= ? and t.at < ? group by a.severity")) {
            select.setLong(1, from);
            select.setLong(2, to);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return counts;
    }

    /**
     * The digest in the shape of every notification ({@link dev.vigil.alerting.internal.channels.Message}),
     * status {@code digest}: one entry per app (at most {@link #MAX_APPS}, the busiest first) and a
     * {@code digest} object with the figures.
     */
    static JsonObject message(LocalDate day, List<IssueDigest.DailyCount> counts, List<UploadDigest.DailyCount> uploads,
            Map<String, Long> alerts, Instant at) {
        long reports = counts.stream().mapToLong(IssueDigest.DailyCount::newReports).sum();
        long groups = counts.stream().mapToLong(IssueDigest.DailyCount::newGroups).sum();
        long fired = alerts.values().stream().mapToLong(Long::longValue).sum();
        Map<String, long[]> perKind = new java.util.TreeMap<>();
        uploads.forEach(u -> {
            long[] n = perKind.computeIfAbsent(u.kind(), k -> new long[2]);
            n[0] += u.stored();
            n[1] += u.failed();
        });
        long failedUploads = uploads.stream().mapToLong(UploadDigest.DailyCount::failed).sum();
        String summary = "Daily digest of " + day + ": " + reports + " new issue reports, " + groups + " new groups across "
                + counts.size() + " apps; " + failedUploads + " failed uploads; " + fired + " alerts fired " + alerts;
        JsonArrayBuilder kinds = Json.createArrayBuilder();
        perKind.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1])).limit(MAX_APPS)
                .forEach(e -> kinds.add(Json.createObjectBuilder().add("kind", e.getKey()).add("stored", e.getValue()[0])
                        .add("failed", e.getValue()[1])));
        List<IssueDigest.DailyCount> busiest = counts.stream()
                .sorted((a, b) -> Long.compare(b.newReports(), a.newReports())).limit(MAX_APPS).toList();
        JsonArrayBuilder entries = Json.createArrayBuilder();
        JsonArrayBuilder apps = Json.createArrayBuilder();
        for (IssueDigest.DailyCount count : busiest) {
            Map<String, String> labels = Map.of("alertname", "VigilDailyDigest", "app", count.appId());
            String line = "app " + count.appId() + ": " + count.newReports() + " new reports, " + count.newGroups()
                    + " new groups";
            entries.add(Json.createObjectBuilder().add("id", "digest-" + count.appId()).add("status", "digest")
                    .add("severity", "info").add("labels", JsonMaps.object(labels))
                    .add("annotations", JsonMaps.object(Map.of("summary", line)))
                    .add("startsAt", day.toString()).add("fingerprint", "digest"));
            apps.add(Json.createObjectBuilder().add("appId", count.appId()).add("newReports", count.newReports())
                    .add("newGroups", count.newGroups()));
        }
        JsonArrayBuilder severities = Json.createArrayBuilder();
        alerts.forEach((severity, n) -> severities.add(Json.createObjectBuilder().add("severity", severity).add("fired", n)));
        return Json.createObjectBuilder().add("version", "1").add("status", "digest").add("receiver", "digest")
                .add("groupKey", "digest:" + day).add("groupLabels", JsonMaps.object(Map.of("alertname", "VigilDailyDigest")))
                .add("commonLabels", JsonMaps.object(Map.of("alertname", "VigilDailyDigest")))
                .add("commonAnnotations", JsonMaps.object(Map.of("summary", summary)))
                .add("alerts", entries).add("firing", 0).add("acknowledged", 0).add("resolved", 0)
                .add("truncatedAlerts", Math.max(0, counts.size() - MAX_APPS))
                .add("digest", Json.createObjectBuilder().add("day", day.toString()).add("newReports", reports)
                        .add("newGroups", groups).add("apps", apps).add("failedUploads", failedUploads)
                        .add("uploadsByKind", kinds).add("alertsFired", severities)
                        .add("at", at.toString()))
                .build();
    }
}
