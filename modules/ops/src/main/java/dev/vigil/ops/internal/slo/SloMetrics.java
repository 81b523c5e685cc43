package dev.vigil.ops.internal.slo;

import jakarta.enterprise.context.ApplicationScoped;
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
 * The SLOs' metrics: {@code vigil_slo_burn_rate{slo,window}} and
 * {@code vigil_slo_error_budget_remaining_ratio{slo}} from each SLO's last evaluation (read from the
 * database at most every 15 s when scraped, so every server reports every SLO),
 * {@code vigil_slo_events_total{slo,kind}} ({@code good}, {@code bad}: events recorded by this server),
 * {@code vigil_slo_cycle_failures_total} and {@code vigil_slo_alert_failures_total}.
 */
@ApplicationScoped
public class SloMetrics {

    private static final Duration FRESH = Duration.ofSeconds(15);
    private static final Logger LOG = Logger.getLogger(SloMetrics.class.getName());

    private static final Metadata BURN = Metadata.builder().withName("vigil_slo_burn_rate")
            .withDescription("Burn rate of each SLO's error budget per window at its last evaluation (1 spends it exactly"
                    + " over the period)").build();
    private static final Metadata BUDGET = Metadata.builder().withName("vigil_slo_error_budget_remaining_ratio")
            .withDescription("Share of each SLO's error budget left in its period (negative when overspent)").build();
    private static final Metadata EVENTS = Metadata.builder().withName("vigil_slo_events")
            .withDescription("SLI events recorded by this server per SLO and kind (good, bad)").build();
    private static final Metadata CYCLE_FAILURES = Metadata.builder().withName("vigil_slo_cycle_failures")
            .withDescription("SLO evaluation cycles that failed (the next minute's cycle evaluates afresh)").build();
    private static final Metadata ALERT_FAILURES = Metadata.builder().withName("vigil_slo_alert_failures")
            .withDescription("SLO alerts not raised or resolved at once (the next cycle tries again)").build();
    private static final Metadata LOST = Metadata.builder().withName("vigil_slo_http_events_lost")
            .withDescription("API requests counted for SLOs but dropped after their counts could not be stored for two hours")
            .build();

    @Inject
    MetricRegistry registry;

    @Inject
    SloLedger ledger;

    private volatile Map<String, Double> burn = Map.of();
    private volatile Map<String, Double> budget = Map.of();
    private volatile Instant readAt = Instant.EPOCH;
    private final Set<MetricID> gauged = ConcurrentHashMap.newKeySet();

    void events(String slo, List<SloCounts.Count> counts) {
        long good = counts.stream().mapToLong(SloCounts.Count::good).sum();
        long total = counts.stream().mapToLong(SloCounts.Count::total).sum();
        if (good > 0) {
            registry.counter(EVENTS, new Tag("slo", slo), new Tag("kind", "good")).inc(good);
        }
        if (total - good > 0) {
            registry.counter(EVENTS, new Tag("slo", slo), new Tag("kind", "bad")).inc(total - good);
        }
    }

    void cycleFailed() {
        registry.counter(CYCLE_FAILURES).inc();
    }

    void alertFailed() {
        registry.counter(ALERT_FAILURES).inc();
    }

    void lost(long requests) {
        registry.counter(LOST).inc(requests);
    }

    /** Registers the gauges of SLOs not yet gauged and removes those of SLOs gone; called when scraped and after a cycle. */
    void refresh() {
        if (Instant.now().isBefore(readAt.plus(FRESH))) {
            return;
        }
        synchronized (this) {
            if (Instant.now().isBefore(readAt.plus(FRESH))) {
                return;
            }
            readAt = Instant.now();
            try {
                Map<String, Double> burnRead = new HashMap<>();
                Map<String, Double> budgetRead = new HashMap<>();
                Set<MetricID> wanted = new HashSet<>();
                for (SloLedger.Gauges row : ledger.states()) {
                    String slo = row.name();
                    if (row.budgetRemaining() != null) {
                        budgetRead.put(slo, row.budgetRemaining());
                        wanted.add(gauge(BUDGET, slo, null));
                    }
                    String json = row.burn();
                    if (json != null && !json.isEmpty()) {
                        jakarta.json.JsonObject rates = jakarta.json.Json.createReader(new java.io.StringReader(json)).readObject();
                        for (String window : rates.keySet()) {
                            burnRead.put(slo + "\u0000" + window, rates.getJsonNumber(window).doubleValue());
                            wanted.add(gauge(BURN, slo, window));
                        }
                    }
                }
                burn = burnRead;
                budget = budgetRead;
                for (MetricID id : new HashSet<>(gauged)) {
                    if (!wanted.contains(id) && gauged.remove(id)) {
                        registry.remove(id);
                    }
                }
            } catch (RuntimeException e) {
                LOG.fine(() -> "SLO states not read for metrics: " + e);
            }
        }
    }

    private MetricID gauge(Metadata metadata, String slo, String window) {
        Tag[] tags = window == null ? new Tag[] {new Tag("slo", slo)} : new Tag[] {new Tag("slo", slo), new Tag("window", window)};
        MetricID id = new MetricID(metadata.getName(), tags);
        if (gauged.add(id)) {
            if (window == null) {
                registry.gauge(metadata, this, m -> m.read(false, slo), tags);
            } else {
                registry.gauge(metadata, this, m -> m.read(true, slo + "\u0000" + window), tags);
            }
        }
        return id;
    }

    private double read(boolean burnRate, String key) {
        refresh();
        Double value = (burnRate ? burn : budget).get(key);
        return value == null ? Double.NaN : value;
    }
}
