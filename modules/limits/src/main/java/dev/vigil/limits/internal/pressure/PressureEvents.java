package dev.vigil.limits.internal.pressure;

import dev.vigil.limits.api.Decision;
import dev.vigil.limits.events.RateLimitPressure;
import dev.vigil.limits.internal.data.LimitsData;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
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
 * <p>The flush is a write-behind of this server's memory, so it runs on every server (a
 * non-persistent EJB timer in {@link PressureFlush}, as the system identity the data bean requires),
 * not on a persistent timer, which would run on one server only. Failed flushes keep their counts
 * and are counted in {@code vigil_ratelimit_event_flush_failures_total}.
 */
@ApplicationScoped
public class PressureEvents {

    private static final Metadata RATELIMIT_EVENT_FLUSH_FAILURES = Metadata.builder().withName("vigil_ratelimit_event_flush_failures")
            .withDescription("Flushes of rate-limit pressure events that failed to reach the database").build();

    static final long BUCKET_MILLIS = 5_000;
    private static final int MAX_BUFFERED = 50_000;
    private static final Logger LOG = Logger.getLogger(PressureEvents.class.getName());

    @Inject
    LimitsData data;

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

    record EventKey(String policy, String key, String outcome, long bucketStart) {
    }

    @PostConstruct
    void start() {
        var config = ConfigProvider.getConfig();
        threshold = config.getOptionalValue("vigil.limits.pressure.threshold", Long.class).orElse(500L);
        window = config.getOptionalValue("vigil.limits.pressure.window", Duration.class).orElse(Duration.ofMinutes(5));
        cooldown = config.getOptionalValue("vigil.limits.pressure.cooldown", Duration.class)
                .orElse(Duration.ofMinutes(15));
    }

    public void record(Decision decision, String key) {
        if (buffer.size() >= MAX_BUFFERED) {
            return;
        }
        long bucket = Math.floorDiv(System.currentTimeMillis(), BUCKET_MILLIS) * BUCKET_MILLIS;
        buffer.computeIfAbsent(new EventKey(decision.policy().name(), truncate(key), decision.outcome().label(), bucket),
                k -> new LongAdder()).increment();
    }

    /** Called every window by {@link PressureFlush}, as the system identity. */
    void flushQuietly() {
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
        List<LimitsData.EventCount> counts = new ArrayList<>();
        for (EventKey key : List.copyOf(buffer.keySet())) {
            LongAdder adder = buffer.remove(key);
            long n = adder == null ? 0 : adder.sum();
            if (n > 0) {
                counts.add(new LimitsData.EventCount(key.policy(), key.key(), key.outcome(), key.bucketStart(), n));
            }
        }
        LimitsData.Written written;
        try {
            written = data.addEvents(counts);
        } catch (RuntimeException e) {
            written = new LimitsData.Written(0, new SQLException(e.toString(), e));
        }
        Map<String, long[]> perPolicy = new HashMap<>();
        for (int i = 0; i < counts.size(); i++) {
            LimitsData.EventCount count = counts.get(i);
            if (i < written.count()) {
                perPolicy.computeIfAbsent(count.policy() + "|" + count.outcome(), p -> new long[1])[0]
                        += count.occurrences();
            } else {
                buffer.computeIfAbsent(new EventKey(count.policy(), count.key(), count.outcome(), count.bucketStart()),
                        k -> new LongAdder()).add(count.occurrences());
            }
        }
        perPolicy.forEach(this::watch);
        if (written.failure() != null) {
            throw written.failure();
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
