package dev.vigil.ops.internal.checks;

import dev.vigil.kernel.api.SchemaReady;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The checks' metrics: {@code vigil_check_pings_total{kind}}, {@code vigil_check_run_duration_seconds{check}},
 * {@code vigil_check_alert_failures_total}, {@code vigil_checks{status}} (how many checks are in each
 * status) and {@code vigil_check_status{check,status}} (1 for the status a check is in, 0 for the
 * others). Statuses are read from the database at most every 15 s, when scraped, so every server
 * reports every check.
 */
@ApplicationScoped
public class CheckMetrics {

    static final List<String> STATUSES = List.of(Check.NEW, Check.UP, Check.GRACE, Check.STARTED, Check.DOWN,
            Check.PAUSED);
    private static final Duration FRESH = Duration.ofSeconds(15);
    private static final int MAX_CHECKS = 10_000;
    private static final Logger LOG = Logger.getLogger(CheckMetrics.class.getName());

    private static final Metadata PINGS = Metadata.builder().withName("vigil_check_pings")
            .withDescription("Pings received by job checks, per kind (success, start, fail, log, ign; unknown, ambiguous,"
                    + " invalid, limited for refused ones)").build();
    private static final Metadata RUN_DURATION = Metadata.builder().withName("vigil_check_run_duration")
            .withDescription("Durations of job check runs (a start paired with its end), per check").build();
    private static final Metadata ALERT_FAILURES = Metadata.builder().withName("vigil_check_alert_failures")
            .withDescription("Check flips whose alert could not be raised or resolved at once (the watch retries)").build();
    private static final Metadata CHECKS = Metadata.builder().withName("vigil_checks")
            .withDescription("Job checks per status").build();
    private static final Metadata STATUS = Metadata.builder().withName("vigil_check_status")
            .withDescription("1 for the status each job check is in, 0 for the others").build();

    @Inject
    MetricRegistry registry;

    @Inject
    CheckBook book;

    private volatile Map<String, String> statusByCheck = Map.of();
    private volatile Instant readAt = Instant.EPOCH;
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();
    private final Set<String> timed = ConcurrentHashMap.newKeySet();
    private final Map<String, org.eclipse.microprofile.metrics.Counter> pingCounters = new ConcurrentHashMap<>();

    void onSchemaReady(@Observes SchemaReady ready) {
        for (String status : STATUSES) {
            registry.gauge(CHECKS, this, m -> m.count(status), new Tag("status", status));
        }
    }

    public void ping(String kind) {
        // Kept per kind (a handful, all named in code): the registry's lookup costs more than the ping's count.
        pingCounters.computeIfAbsent(kind, k -> registry.counter(PINGS, new Tag("kind", k))).inc();
    }

    public void run(Check check, long millis) {
        String label = label(check);
        timed.add(label);
        registry.timer(RUN_DURATION, new Tag("check", label)).update(Duration.ofMillis(Math.max(0, millis)));
    }

    public void alertFailed() {
        registry.counter(ALERT_FAILURES).inc();
    }

    private long count(String status) {
        return fresh().values().stream().filter(status::equals).count();
    }

    private int is(String check, String status) {
        return status.equals(fresh().get(check)) ? 1 : 0;
    }

    private Map<String, String> fresh() {
        if (Instant.now().isAfter(readAt.plus(FRESH))) {
            synchronized (this) {
                if (Instant.now().isAfter(readAt.plus(FRESH))) {
                    refresh();
                }
            }
        }
        return statusByCheck;
    }

    private void refresh() {
        readAt = Instant.now();
        try {
            Instant now = Instant.now();
            Map<String, String> read = new HashMap<>();
            for (Check check : book.all(MAX_CHECKS)) {
                read.put(label(check), CheckRules.status(check, now, true));
            }
            statusByCheck = read;
            for (String check : read.keySet()) {
                if (gauged.add(check)) {
                    for (String status : STATUSES) {
                        registry.gauge(STATUS, this, m -> m.is(check, status), new Tag("check", check),
                                new Tag("status", status));
                    }
                }
            }
            for (String check : new HashSet<>(gauged)) {
                if (!read.containsKey(check) && gauged.remove(check)) {
                    for (String status : STATUSES) {
                        registry.remove(new MetricID("vigil_check_status", new Tag("check", check),
                                new Tag("status", status)));
                    }
                }
            }
            // A gone check's run durations go with it (a renamed one starts afresh under its new name).
            for (String check : new HashSet<>(timed)) {
                if (!read.containsKey(check) && read.size() < MAX_CHECKS && timed.remove(check)) {
                    registry.remove(new MetricID("vigil_check_run_duration", new Tag("check", check)));
                }
            }
        } catch (RuntimeException e) {
            LOG.fine(() -> "check statuses not read for metrics: " + e);
        }
    }

    /**
     * A check's label: its name, else its slug, never its id (the id is the ping URL's secret, and
     * /metrics may be public). Vigil's own jobs' checks carry their job's name, which no app can take.
     */
    static String label(Check check) {
        if (check.job() != null) {
            return "vigil:" + check.job();
        }
        String label = check.name().isEmpty() ? check.slug() : check.name();
        return label.isEmpty() ? "(unnamed)" : label.startsWith("vigil:") ? "app " + label : label;
    }
}
