package dev.vigil.ops.internal.slo;

import dev.vigil.kernel.api.SchemaReady;
import dev.vigil.kernel.api.ServedRequests;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * The SLIs of Vigil's own API: each request served is counted in memory for every enabled HTTP SLO
 * whose route it matches, per minute, and every 10 s the minutes that ended are added to the SLOs'
 * counts. A minute's counts reach the database about 10 s after it ends, well before the cycle at
 * second 30 reads it. Counts that cannot be stored (database down) are kept and tried again, for
 * two hours; then they are dropped and counted ({@code vigil_slo_http_events_lost_total}).
 */
@ApplicationScoped
public class HttpSli implements ServedRequests {

    private static final Logger LOG = Logger.getLogger(HttpSli.class.getName());
    private static final long KEEP_MINUTES = 120;

    /** A minute of one SLO: good and total so far. */
    private record Key(String sloId, String sloName, long minute) {
    }

    @Inject
    SloLedger ledger;

    @Inject
    SloMetrics metrics;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final Map<Key, LongAdder[]> counts = new ConcurrentHashMap<>();
    private volatile List<Slo> slos = List.of();
    private volatile ScheduledFuture<?> task;
    private long ticks;
    private boolean failing;

    void onSchemaReady(@Observes SchemaReady ready) {
        if (task == null) {
            task = scheduler.scheduleWithFixedDelay(this::tick, 1, 10, TimeUnit.SECONDS);
        }
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
        flush(Long.MAX_VALUE);
    }

    @Override
    public void served(String route, String method, int status, long nanos) {
        List<Slo> current = slos;
        if (current.isEmpty() || status >= 400 && status < 500) {
            // A client's error is not the service's: 4xx answers are no event of an HTTP SLI (nor can a
            // client's slow upload of a refused body page on latency).
            return;
        }
        long minute = System.currentTimeMillis() / 60_000;
        for (Slo slo : current) {
            if (slo.sli().matches(route)) {
                LongAdder[] adders = counts.computeIfAbsent(new Key(slo.id(), slo.name(), minute),
                        k -> new LongAdder[] {new LongAdder(), new LongAdder()});
                if (slo.sli().good(status, nanos)) {
                    adders[0].increment();
                }
                adders[1].increment();
            }
        }
    }

    private void tick() {
        try {
            if (ticks++ % 3 == 0) {
                slos = ledger.httpSlos();
            }
            // Only minutes ended two seconds ago and more: a request counted at the minute's end is in.
            flush((System.currentTimeMillis() - 2_000) / 60_000);
            metrics.refresh();
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warning(() -> "SLO API counts not stored (kept and tried again every 10 s, for two hours): " + e);
            }
        }
    }

    /** Stores the counts of minutes before {@code before}; puts them back when that fails. */
    synchronized void flush(long before) {
        List<SloCounts.Count> batch = new ArrayList<>();
        Map<String, List<SloCounts.Count>> byName = new java.util.HashMap<>();
        for (Key key : List.copyOf(counts.keySet())) {
            if (key.minute() >= before) {
                continue;
            }
            LongAdder[] adders = counts.remove(key);
            SloCounts.Count count = new SloCounts.Count(key.sloId(), key.minute(), adders[0].sum(), adders[1].sum());
            batch.add(count);
            byName.computeIfAbsent(key.sloName(), n -> new ArrayList<>()).add(count);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            ledger.addHttp(batch);
            byName.forEach(metrics::events);
        } catch (RuntimeException e) {
            long oldest = System.currentTimeMillis() / 60_000 - KEEP_MINUTES;
            long lost = 0;
            for (SloCounts.Count count : batch) {
                if (count.minute() < oldest) {
                    lost += count.total();
                    continue;
                }
                LongAdder[] adders = counts.computeIfAbsent(new Key(count.sloId(), nameOf(byName, count), count.minute()),
                        k -> new LongAdder[] {new LongAdder(), new LongAdder()});
                adders[0].add(count.good());
                adders[1].add(count.total());
            }
            if (lost > 0) {
                metrics.lost(lost);
            }
            throw e;
        }
    }

    private static String nameOf(Map<String, List<SloCounts.Count>> byName, SloCounts.Count count) {
        return byName.entrySet().stream().filter(e -> e.getValue().contains(count)).map(Map.Entry::getKey).findFirst()
                .orElse("");
    }
}
