package dev.vigil.limits.internal.pressure;

import dev.vigil.limits.api.Decision;
import dev.vigil.limits.events.RateLimitPressure;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Blocked and fallback decisions, counted in memory per policy, key, outcome and 5-second window and
 * written once per window (a refused request itself writes nothing). Rows from several servers for
 * the same window add up. When a policy's refusals within {@code vigil.limits.pressure.window}
 * pass {@code vigil.limits.pressure.threshold}, a {@link RateLimitPressure} event is fired, at most
 * once per {@code vigil.limits.pressure.cooldown}.
 *
 * <p>The flush is a write-behind of this server's memory, so it runs on every server (a managed
 * scheduled executor), not on a persistent timer, which would run on one server only. Failed flushes
 * keep their counts and are counted in {@code vigil_ratelimit_event_flush_failures_total}.
 */
@ApplicationScoped
public class PressureEvents {

    private static final Metadata RATELIMIT_EVENT_FLUSH_FAILURES = Metadata.builder().withName("vigil_ratelimit_event_flush_failures")
            .withDescription("Flushes of rate-limit pressure events that failed to reach the database").build();

    static final long BUCKET_MILLIS = 5_000;
    private static final int MAX_BUFFERED = 50_000;
    private static final Logger LOG = Logger.getLogger(PressureEvents.class.getName());

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    Event<RateLimitPressure> pressure;

    @Inject
    MetricRegistry metrics;

    private final Map<EventKey, LongAdder> buffer = new ConcurrentHashMap<>();
    private final Map<String, Deque<long[]>> recent = new HashMap<>();
    private final Map<String, Long> lastSignal = new HashMap<>();
    private long threshold;
    private Duration window;
    private Duration cooldown;
    private ScheduledFuture<?> flusher;

    record EventKey(String policy, String key, String outcome, long bucketStart) {
    }

    @PostConstruct
    void start() {
        var config = ConfigProvider.getConfig();
        threshold = config.getOptionalValue("vigil.limits.pressure.threshold", Long.class).orElse(500L);
        window = config.getOptionalValue("vigil.limits.pressure.window", Duration.class).orElse(Duration.ofMinutes(5));
        cooldown = config.getOptionalValue("vigil.limits.pressure.cooldown", Duration.class)
                .orElse(Duration.ofMinutes(15));
        flusher = scheduler.scheduleWithFixedDelay(this::flushQuietly, BUCKET_MILLIS, BUCKET_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (flusher != null) {
            flusher.cancel(false);
        }
    }

    public void record(Decision decision, String key) {
        if (buffer.size() >= MAX_BUFFERED) {
            return;
        }
        long bucket = Math.floorDiv(System.currentTimeMillis(), BUCKET_MILLIS) * BUCKET_MILLIS;
        buffer.computeIfAbsent(new EventKey(decision.policy().name(), truncate(key), decision.outcome().label(), bucket),
                k -> new LongAdder()).increment();
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (SQLException | RuntimeException e) {
            metrics.counter(RATELIMIT_EVENT_FLUSH_FAILURES).inc();
            LOG.warning(() -> "Rate-limit events not written yet (kept for the next attempt): " + e);
        }
    }

    /** Writes what was counted; entries that could not be written stay buffered. */
    synchronized void flush() throws SQLException {
        if (buffer.isEmpty()) {
            return;
        }
        Map<String, long[]> perPolicy = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement update = c.prepareStatement("update limits_event set occurrences = occurrences + ?"
                     + " where policy = ? and bucket_key = ? and outcome = ? and bucket_start = ?");
             PreparedStatement insert = c.prepareStatement("insert into limits_event"
                     + " (policy, bucket_key, outcome, bucket_start, occurrences) values (?, ?, ?, ?, ?)")) {
            for (EventKey key : java.util.List.copyOf(buffer.keySet())) {
                LongAdder adder = buffer.remove(key);
                long n = adder == null ? 0 : adder.sum();
                if (n == 0) {
                    continue;
                }
                try {
                    upsert(c, update, insert, key, n);
                } catch (SQLException | RuntimeException e) {
                    buffer.computeIfAbsent(key, k -> new LongAdder()).add(n);
                    throw e;
                }
                perPolicy.computeIfAbsent(key.policy() + "|" + key.outcome(), p -> new long[1])[0] += n;
            }
        }
        perPolicy.forEach(this::watch);
    }

    /** Removes events of windows that started before {@code before}; returns how many. */
    public int deleteBefore(long before) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement delete = c.prepareStatement("delete from limits_event where bucket_start < ?")) {
            delete.setLong(1, before);
            return delete.executeUpdate();
        }
    }

    private static void upsert(Connection c, PreparedStatement update, PreparedStatement insert, EventKey key, long n)
            throws SQLException {
        update.setLong(1, n);
        update.setString(2, key.policy());
        update.setString(3, key.key());
        update.setString(4, key.outcome());
        update.setLong(5, key.bucketStart());
        if (update.executeUpdate() > 0) {
            return;
        }
        try {
            insert.setString(1, key.policy());
            insert.setString(2, key.key());
            insert.setString(3, key.outcome());
            insert.setLong(4, key.bucketStart());
            insert.setLong(5, n);
            insert.executeUpdate();
        } catch (SQLException e) {
            if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                throw e;
            }
            update.executeUpdate();
        }
    }

    /** Sliding count per policy and outcome; fires the pressure event past the threshold, once per cooldown. */
    private void watch(String policyOutcome, long[] count) {
        long now = System.currentTimeMillis();
        Deque<long[]> samples = recent.computeIfAbsent(policyOutcome, p -> new ArrayDeque<>());
        samples.addLast(new long[] {now, count[0]});
        while (!samples.isEmpty() && samples.peekFirst()[0] < now - window.toMillis()) {
            samples.removeFirst();
        }
        long total = samples.stream().mapToLong(s -> s[1]).sum();
        Long last = lastSignal.get(policyOutcome);
        if (total >= threshold && (last == null || now - last >= cooldown.toMillis())) {
            lastSignal.put(policyOutcome, now);
            String[] parts = policyOutcome.split("\\|", 2);
            LOG.warning(() -> "Rate-limit pressure on policy " + parts[0] + ": " + total + " " + parts[1] + " in "
                    + window);
            pressure.fire(new RateLimitPressure(parts[0], parts[1], total, window, Instant.ofEpochMilli(now), null));
        }
    }

    private static String truncate(String key) {
        return key.length() <= 200 ? key : key.substring(0, 200);
    }
}
