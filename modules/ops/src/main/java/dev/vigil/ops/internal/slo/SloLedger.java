package dev.vigil.ops.internal.slo;

import dev.vigil.ingest.api.TelemetrySli;
import dev.vigil.kernel.api.Roles;
import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The counting and evaluating side of the SLO tables, guarded by the container: the minute cycle
 * (as system) copies the mirrored SLIs' minutes, sums every window and stores each evaluation; the
 * HTTP counts of Vigil's own API are added with no role (they read nothing back), as are the states
 * {@code /metrics} shows. Counts are added with the SLO's row locked, so each server's additions for a
 * minute add up.
 */
@Stateless
@RolesAllowed(Roles.SYSTEM)
public class SloLedger {

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Inject
    SloMetrics metrics;

    @Inject
    TelemetrySli telemetry;

    /** An evaluation, with the SLO and the alert keys alerting held firing before it. */
    public record Evaluated(Slo slo, BurnMath.Evaluation evaluation, List<String> alerted) {
    }

    // ---- Vigil's own traffic ----

    /** The SLOs fed by Vigil's own API traffic (enabled ones). */
    @PermitAll
    public List<Slo> httpSlos() {
        return work(store -> store.all().stream().map(SloStore.Row::slo).filter(s -> s.enabled() && s.sli().http()).toList());
    }

    /** An SLO's last evaluation as {@code /metrics} shows it: name, burn rates (JSON), budget left. */
    public record Gauges(String name, String burn, Double budgetRemaining) {
    }

    /** Every SLO's last evaluation, for {@code /metrics} (which shows them to anyone who may scrape). */
    @PermitAll
    public List<Gauges> states() {
        return work(store -> store.all().stream().map(r -> new Gauges(r.slo().name(), r.state().burn(),
                r.state().budgetRemaining())).toList());
    }

    /** Adds the API traffic counted on this server; counts of SLOs gone meanwhile are dropped. */
    @PermitAll
    public void addHttp(List<SloCounts.Count> counts) {
        work(store -> {
            java.util.Set<String> present = store.lock(counts.stream().map(SloCounts.Count::sloId).distinct().toList())
                    .stream().map(r -> r.slo().id()).collect(java.util.stream.Collectors.toSet());
            store.counts().add(counts.stream().filter(c -> present.contains(c.sloId())).toList());
            return null;
        });
    }

    // ---- the cycle ----

    /**
     * Evaluates every enabled SLO at minute {@code at}, once across servers: copies the check SLIs'
     * new minutes, sums every window from the minute and hour rows, and stores each evaluation and
     * its snapshot. Empty when another server's cycle already took this minute.
     */
    @RolesAllowed(Roles.SYSTEM)
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public List<Evaluated> cycle(long at) {
        return work(store -> {
            if (!store.evaluations().claimCycle(at)) {
                return List.of();
            }
            List<SloStore.Row> rows = store.all().stream().filter(r -> r.slo().enabled()).toList();
            syncMirrored(store, rows, at);
            List<Evaluated> evaluated = evaluate(store, rows, at);
            List<SloEvaluations.Snapshot> snapshots = new ArrayList<>();
            for (Evaluated e : evaluated) {
                snapshots.add(new SloEvaluations.Snapshot(e.slo().id(), at, e.evaluation().status(),
                        e.evaluation().budgetRemaining(), burnJson(e.evaluation()), e.evaluation().firing()));
            }
            store.evaluations().evaluated(snapshots);
            return evaluated;
        });
    }

    /** The evaluations the cycle would make at {@code at}, stored nowhere (the backtest's agreement test reads it). */
    @RolesAllowed(Roles.SYSTEM)
    public List<Evaluated> preview(long at) {
        return work(store -> evaluate(store, store.all().stream().filter(r -> r.slo().enabled()).toList(), at));
    }

    /**
     * Records the alert keys alerting now holds firing for an SLO; false when the SLO is gone or
     * disabled meanwhile (then its caller resolves them: nothing would later).
     */
    @RolesAllowed(Roles.SYSTEM)
    public boolean alerted(String sloId, List<String> keys) {
        return work(store -> store.alerted(sloId, keys, true));
    }

    /** Removes one day's worth (at most) of what is older than the cutoffs; the caller repeats while it removes any. */
    @RolesAllowed(Roles.SYSTEM)
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int purge(long dataBefore, long snapshotsBefore) {
        return work(store -> store.purge(dataBefore, snapshotsBefore));
    }

    /**
     * How many minutes back a mirrored SLI is compared with its source again: a ping committed late,
     * or a session that ended a few minutes ago and was sent with the device's next batch, still counts.
     */
    static final int RESYNC_MINUTES = 15;

    /**
     * Mirrors the check and telemetry SLIs' minutes from their sources (the check's minutes, the app's
     * sessions or syncs): every minute since the last cycle, and the last {@link #RESYNC_MINUTES}
     * again, never before the SLI was set. What differs is added to the SLO's minutes and hours.
     */
    private void syncMirrored(SloStore store, List<SloStore.Row> rows, long at) throws SQLException {
        List<String> checkSlos = rows.stream().filter(r -> r.slo().sli().mirrored())
                .map(r -> r.slo().id()).toList();
        for (SloStore.Row row : store.lock(checkSlos)) {
            Long synced = row.state().syncedMinute();
            long first = row.state().syncStart() == null ? at : row.state().syncStart();
            long from = Math.max(first, Math.min(synced == null ? at : synced, at - RESYNC_MINUTES));
            if (from >= at) {
                continue;
            }
            String id = row.slo().id();
            List<SloCounts.Count> source = row.slo().sli().telemetry()
                    ? telemetry.minutes(row.slo().appId(), row.slo().sli().kind(), from, at).stream()
                            .map(m -> new SloCounts.Count(id, m.minute(), m.good(), m.total())).toList()
                    : store.counts().checkMinutes(id, row.slo().sli().checkId(), from, at);
            List<SloCounts.Count> counts = store.counts().mirror(id, source, from, at);
            store.counts().add(counts);
            store.synced(row.slo().id(), at);
            metrics.events(row.slo().name(), counts);
        }
    }

    private static List<Evaluated> evaluate(SloStore store, List<SloStore.Row> rows, long at) throws SQLException {
        // Every span any SLO reads: its policy's windows and its period.
        Map<Long, Integer> spans = new LinkedHashMap<>();
        for (SloStore.Row row : rows) {
            for (int window : row.slo().policy().windows()) {
                spans.putIfAbsent(at - window, spans.size());
            }
            spans.putIfAbsent(row.slo().period().from(at), spans.size());
        }
        Map<String, long[][]> sums = spans.isEmpty() ? Map.of() : store.windows().sums(List.copyOf(spans.keySet()), at);
        List<Evaluated> evaluated = new ArrayList<>();
        for (SloStore.Row row : rows) {
            long[][] mine = sums.get(row.slo().id());
            BurnMath.Sums lookup = (from, to) -> {
                Integer span = spans.get(from);
                if (to != at || span == null) {
                    throw new IllegalStateException("span [" + from + ", " + to + ") not summed");
                }
                return mine == null ? new long[2] : mine[span];
            };
            evaluated.add(new Evaluated(row.slo(), BurnMath.evaluate(row.slo(), at, lookup), row.state().alerted()));
        }
        return evaluated;
    }

    static String burnJson(BurnMath.Evaluation evaluation) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        for (BurnMath.Window window : evaluation.windows().values()) {
            if (window.burnRate() != null) {
                json.add(BurnPolicy.text(window.minutes()), Math.round(window.burnRate() * 10_000) / 10_000.0);
            }
        }
        return json.build().toString();
    }

    private <T> T work(SloStore.Work<T> work) {
        return SloStore.on(dataSource, work);
    }
}
