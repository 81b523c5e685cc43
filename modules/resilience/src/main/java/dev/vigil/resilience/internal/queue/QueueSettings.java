package dev.vigil.resilience.internal.queue;

import dev.vigil.kernel.api.Durations;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.Config;

/**
 * The queue's knobs, {@code vigil.resilience.queue.*} (env {@code VIGIL_RESILIENCE_QUEUE_*}), and
 * each kind's, {@code vigil.resilience.queue.<kind>.*}. A wrong value falls back to the default and
 * is reported by readiness, naming the key.
 */
@ApplicationScoped
public class QueueSettings {

    static final String PREFIX = "vigil.resilience.queue.";

    /** A kind's limits. {@code maxRunning} is per server: jobs a server holds leased at once. */
    public record KindLimits(int maxAttempts, Duration ttl, int maxRunning, int maxQueued) {
    }

    @Inject
    Config config;

    private final List<String> problems = new ArrayList<>();
    private final Map<String, KindLimits> kinds = new ConcurrentHashMap<>();

    private int workers;
    private int batch;
    private Duration pollInterval;
    private Duration lease;
    private Backoff backoff;
    private Duration deadRetention;
    private long backlogDegraded;
    private Duration oldestDegraded;

    @PostConstruct
    void read() {
        workers = (int) number(PREFIX + "workers", 4, 1, 256);
        batch = (int) number(PREFIX + "batch", 32, 1, 1000);
        pollInterval = duration(PREFIX + "poll-interval", "1s", Duration.ofMillis(10), Duration.ofMinutes(1));
        lease = duration(PREFIX + "lease", "2m", Duration.ofSeconds(2), Duration.ofHours(1));
        Duration base = duration(PREFIX + "backoff-base", "2s", Duration.ofMillis(10), Duration.ofHours(1));
        Duration max = duration(PREFIX + "backoff-max", "5m", Duration.ofMillis(10), Duration.ofDays(1));
        if (max.compareTo(base) < 0) {
            problems.add(PREFIX + "backoff-max must not be shorter than " + PREFIX + "backoff-base");
        }
        backoff = new Backoff(base, max);
        deadRetention = duration(PREFIX + "dead-retention", "7d", Duration.ofMinutes(1), Duration.ofDays(365));
        backlogDegraded = number(PREFIX + "degraded-backlog", 1000, 1, Integer.MAX_VALUE);
        oldestDegraded = duration(PREFIX + "degraded-oldest-age", "5m", Duration.ofSeconds(1), Duration.ofDays(7));
    }

    /** A kind's limits, read once: defaults 6 attempts, 30 minutes to live, 32 running per server, 10,000 queued. */
    public KindLimits limits(String kind) {
        return kinds.computeIfAbsent(kind, k -> new KindLimits(
                (int) number(PREFIX + k + ".max-attempts", 6, 1, 100),
                duration(PREFIX + k + ".ttl", "30m", Duration.ofSeconds(1), Duration.ofDays(30)),
                (int) number(PREFIX + k + ".max-running", 32, 1, 10_000),
                (int) number(PREFIX + k + ".max-queued", "drill".equals(k) ? 100_000 : 10_000, 1, 10_000_000)));
    }

    public int workers() {
        return workers;
    }

    public int batch() {
        return batch;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    public Duration lease() {
        return lease;
    }

    public Backoff backoff() {
        return backoff;
    }

    public Duration deadRetention() {
        return deadRetention;
    }

    public long backlogDegraded() {
        return backlogDegraded;
    }

    public Duration oldestDegraded() {
        return oldestDegraded;
    }

    public synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    private Optional<String> raw(String key) {
        return config.getOptionalValue(key, String.class).filter(v -> !v.isBlank());
    }

    private synchronized long number(String key, long defaultValue, long min, long max) {
        Optional<String> raw = raw(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            long value = Long.parseLong(raw.get().trim());
            if (value >= min && value <= max) {
                return value;
            }
            problems.add(key + " must be between " + min + " and " + max + " (is " + value + ")");
        } catch (NumberFormatException e) {
            problems.add(key + " must be a whole number (is '" + raw.get() + "')");
        }
        return defaultValue;
    }

    private synchronized Duration duration(String key, String defaultValue, Duration min, Duration max) {
        Duration fallback = Durations.parse(defaultValue);
        Optional<String> raw = raw(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            Duration value = Durations.parse(raw.get());
            if (value.compareTo(min) >= 0 && value.compareTo(max) <= 0) {
                return value;
            }
            problems.add(key + " must be between " + min + " and " + max + " (is " + raw.get() + ")");
        } catch (IllegalArgumentException e) {
            problems.add(key + ": " + e.getMessage());
        }
        return fallback;
    }
}
