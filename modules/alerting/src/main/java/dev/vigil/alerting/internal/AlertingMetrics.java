package dev.vigil.alerting.internal;

import dev.vigil.alerting.api.Severity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The alerting module's metrics. {@code vigil_alerts_firing{severity}} counts firing alerts (not
 * acknowledged) in the shared database, sampled by each server's flusher.
 */
@ApplicationScoped
public class AlertingMetrics {

    private static final Metadata FIRING = Metadata.builder().withName("vigil_alerts_firing")
            .withDescription("Alerts firing and not acknowledged, per severity (all servers)").build();
    private static final Metadata ACKNOWLEDGED = Metadata.builder().withName("vigil_alerts_acknowledged")
            .withDescription("Alerts acknowledged and not resolved (all servers)").build();
    private static final Metadata RECEIVED = Metadata.builder().withName("vigil_alerts_received")
            .withDescription("Alert signals received per source and what they did (fired, refreshed, resolved, unchanged, refused)").build();
    private static final Metadata NOTIFICATIONS = Metadata.builder().withName("vigil_notifications")
            .withDescription("Notification attempts per channel and outcome (delivered, retrying, failed, deferred; no_channel under the receiver's name)").build();
    private static final Metadata LATENCY = Metadata.builder().withName("vigil_notification_latency")
            .withDescription("From the change that caused a notification to its delivery").build();
    private static final Metadata FAILURES = Metadata.builder().withName("vigil_alerting_failures")
            .withDescription("Failures of the alerting module's own work per stage (look, expire, sample)").build();

    @Inject
    MetricRegistry metrics;

    private final Map<Severity, Long> firing = new EnumMap<>(Severity.class);
    private volatile long acknowledged;
    private final AtomicBoolean registered = new AtomicBoolean();

    void register() {
        if (!registered.compareAndSet(false, true)) {
            return;
        }
        for (Severity severity : Severity.values()) {
            firing.put(severity, 0L);
            metrics.gauge(FIRING, this, m -> m.firing(severity), new Tag("severity", severity.value()));
        }
        metrics.gauge(ACKNOWLEDGED, this, m -> m.acknowledged);
    }

    private synchronized long firing(Severity severity) {
        return firing.getOrDefault(severity, 0L);
    }

    /** Reads the counts from the database. */
    void sample(Connection c) throws SQLException {
        Map<Severity, Long> counts = new EnumMap<>(Severity.class);
        long acked = 0;
        try (PreparedStatement select = c.prepareStatement("select state, severity, count(*) from alerting_alert"
                + " where state <> 'resolved' group by state, severity");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                if (rs.getString(1).equals("acknowledged")) {
                    acked += rs.getLong(3);
                } else {
                    Severity.parse(rs.getString(2)).ifPresent(s -> {
                        try {
                            counts.merge(s, rs.getLong(3), Long::sum);
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                }
            }
        }
        synchronized (this) {
            for (Severity severity : Severity.values()) {
                firing.put(severity, counts.getOrDefault(severity, 0L));
            }
        }
        acknowledged = acked;
    }

    /** Sources named in metrics at most; a caller chooses its source, so past these it counts as {@code other}. */
    static final int MAX_SOURCES = 32;
    private final java.util.Set<String> sources = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public void received(String source, String outcome) {
        String label = sources.contains(source) || (sources.size() < MAX_SOURCES && sources.add(source)) ? source : "other";
        metrics.counter(RECEIVED, new Tag("source", label), new Tag("outcome", outcome)).inc();
    }

    public void notification(String channel, String outcome) {
        metrics.counter(NOTIFICATIONS, new Tag("channel", channel), new Tag("outcome", outcome)).inc();
    }

    public void latency(Duration latency) {
        metrics.timer(LATENCY).update(latency.isNegative() ? Duration.ZERO : latency);
    }

    private static final Metadata CHANNEL_BREAKER_OPENED = Metadata.builder().withName("vigil_channel_breaker_opened")
            .withDescription("Times a channel's breaker opened on this server (the channel failed again and again)").build();

    public void channelBreakerOpened(String channel) {
        metrics.counter(CHANNEL_BREAKER_OPENED, new Tag("channel", channel)).inc();
    }

    public void failure(String stage) {
        metrics.counter(FAILURES, new Tag("stage", stage)).inc();
    }
}
