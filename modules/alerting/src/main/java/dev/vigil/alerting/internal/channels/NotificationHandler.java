package dev.vigil.alerting.internal.channels;

import dev.vigil.alerting.internal.AlertingMetrics;
import dev.vigil.alerting.internal.AlertingSettings;
import dev.vigil.alerting.internal.model.JsonMaps;
import dev.vigil.alerting.internal.store.NotificationStore;
import dev.vigil.resilience.api.DeliveryFailure;
import dev.vigil.resilience.api.DependencyUnavailable;
import dev.vigil.resilience.api.JobHandler;
import dev.vigil.resilience.api.QueuedJob;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Delivers one notification to its channel: one attempt per job run, through the channel kind's
 * dependency ({@code webhook} or {@code smtp}: timeout, breaker and bulkhead) and the channel's own
 * breaker; the queue retries with backoff. Each attempt's
 * outcome is written to the notification log and counted per channel.
 */
@ApplicationScoped
public class NotificationHandler implements JobHandler {

    public static final String KIND = "alert-notification";

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Inject
    ChannelSecrets secrets;

    @Inject
    ChannelKinds kinds;

    @Inject
    AlertingMetrics metrics;

    @Inject
    AlertingSettings settings;

    private volatile ChannelBreakers breakers;

    @jakarta.annotation.PostConstruct
    void init() {
        breakers = new ChannelBreakers(settings.channelBreakerFailures(), settings.channelBreakerDelay());
    }

    /** Whether a channel's breaker is open on this server. */
    public boolean breakerOpen(String channelId) {
        return breakers.open(channelId);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void handle(QueuedJob job) throws Exception {
        Optional<NotificationStore.Pending> found;
        try (Connection c = dataSource.getConnection()) {
            found = new NotificationStore(c).pending(job.payload());
        }
        if (found.isEmpty()) {
            return; // purged from the log: nothing left to send
        }
        NotificationStore.Pending pending = found.get();
        if (pending.status().equals("delivered") || pending.status().equals("failed")) {
            return; // a job run again after its outcome was recorded (a crash before the job's end)
        }
        if (pending.channel() == null) {
            record(pending, job.attempt(), "failed", null, "the channel was deleted");
            throw DeliveryFailure.permanent("channel " + pending.channelName() + " was deleted");
        }
        NotificationStore.Channel channel = pending.channel();
        Optional<Duration> wait = breakers.admit(channel.id(), System.currentTimeMillis());
        if (wait.isPresent()) {
            record(pending, job.attempt() - 1, "retrying", null, "deferred: the channel's breaker is open");
            metrics.notification(channel.name(), "deferred");
            throw new DependencyUnavailable("channel " + channel.name(), DependencyUnavailable.Reason.BREAKER_OPEN,
                    wait.get(), null);
        }
        try {
            send(channel, pending.message(), job);
        } catch (DependencyUnavailable e) {
            breakers.released(channel.id());
            record(pending, job.attempt() - 1, "retrying", null, "deferred: " + e.getMessage());
            metrics.notification(channel.name(), "deferred");
            throw e;
        } catch (DeliveryFailure e) {
            if (e.permanent()) {
                breakers.succeeded(channel.id()); // the receiver answered: it is up, and refuses this one
            } else if (breakers.failed(channel.id(), System.currentTimeMillis())) {
                metrics.channelBreakerOpened(channel.name());
            }
            boolean last = e.permanent() || job.attempt() >= job.maxAttempts();
            record(pending, job.attempt(), last ? "failed" : "retrying", null, e.getMessage());
            metrics.notification(channel.name(), last ? "failed" : "retrying");
            throw e;
        } catch (RuntimeException e) {
            breakers.succeeded(channel.id());
            record(pending, job.attempt(), "failed", null, e.getMessage());
            metrics.notification(channel.name(), "failed");
            throw DeliveryFailure.permanent(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        breakers.succeeded(channel.id());
        long latency = Math.max(0, System.currentTimeMillis() - pending.triggeredAt());
        record(pending, job.attempt(), "delivered", latency, null);
        metrics.notification(channel.name(), "delivered");
        metrics.latency(Duration.ofMillis(latency));
    }

    private void send(NotificationStore.Channel channel, String message, QueuedJob job) {
        ChannelKind kind = kinds.of(channel.type())
                .orElseThrow(() -> DeliveryFailure.permanent("unknown channel type " + channel.type()));
        String credential = channel.sealedSecret() == null ? null : secrets.open(channel.sealedSecret());
        kind.send(new ChannelKind.Sending(channel.name(), JsonMaps.read(channel.settings()), credential, read(message),
                message, job));
    }

    private void record(NotificationStore.Pending pending, int attempt, String status, Long latency, String error) {
        try (Connection c = dataSource.getConnection()) {
            new NotificationStore(c).attempted(pending.id(), Math.max(0, attempt), status, latency, error,
                    System.currentTimeMillis());
        } catch (SQLException e) {
            metrics.failure("log");
        }
    }

    static JsonObject read(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
