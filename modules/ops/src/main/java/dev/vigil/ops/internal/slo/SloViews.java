package dev.vigil.ops.internal.slo;

import jakarta.json.Json;
import java.io.StringReader;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** SLOs, snapshots and backtests as the admin API shows them (snake_case, times in ISO-8601 UTC). */
final class SloViews {

    private SloViews() {
    }

    static Map<String, Object> slo(SloStore.Row row) {
        Slo slo = row.slo();
        SloState state = row.state();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", slo.id());
        view.put("name", slo.name());
        view.put("owner", slo.owner());
        view.put("description", slo.description());
        view.put("app", slo.appId());
        view.put("sli", sli(slo.sli()));
        view.put("objective", slo.objective());
        view.put("period", slo.period().text());
        view.put("policy", slo.policy().toJson());
        view.put("enabled", slo.enabled());
        view.put("status", state.status());
        view.put("budget_remaining", state.budgetRemaining());
        view.put("burn_rates", burn(state.burn()));
        view.put("firing", state.firing().stream().map(key -> firing(slo, key)).toList());
        view.put("evaluated_at", state.evaluatedMinute() == null ? null : minute(state.evaluatedMinute()));
        view.put("created_at", iso(Instant.ofEpochMilli(slo.createdAt())));
        view.put("updated_at", iso(Instant.ofEpochMilli(slo.updatedAt())));
        return view;
    }

    /** An SLI's fields, those its kind has. */
    static Map<String, Object> sli(Sli sli) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("kind", sli.kind());
        if (sli.route() != null) {
            view.put("route", sli.route());
        }
        if (sli.thresholdMs() != null) {
            view.put("threshold_ms", sli.thresholdMs());
        }
        if (sli.checkId() != null) {
            view.put("check_id", sli.checkId());
        }
        return view;
    }

    static Map<String, Object> firing(Slo slo, String key) {
        return Map.of("window", Backtest.window(slo, key), "severity", Backtest.severity(key),
                "alertname", BurnMath.BUDGET.equals(key) ? SloAlerts.EXHAUSTED : SloAlerts.BURNING);
    }

    static Map<String, Object> snapshot(SloEvaluations.Snapshot snapshot) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("at", minute(snapshot.minute()));
        view.put("status", snapshot.status());
        view.put("budget_remaining", snapshot.budgetRemaining());
        view.put("burn_rates", burn(snapshot.burn()));
        view.put("firing", snapshot.firing());
        return view;
    }

    static Map<String, Object> firing(Backtest.Firing firing, Slo slo) {
        Map<String, Object> view = new LinkedHashMap<>(firing(slo, firing.key()));
        view.put("fired_at", minute(firing.firedAt()));
        view.put("resolved_at", firing.resolvedAt() == null ? null : minute(firing.resolvedAt()));
        return view;
    }

    /**
     * The alerts an SLO raised, from its snapshots: each run of minutes in which a key was firing,
     * resolved at the first snapshot without it (null: firing at the last snapshot).
     */
    static List<Map<String, Object>> alerts(Slo slo, List<SloEvaluations.Snapshot> snapshots) {
        Map<String, Long> open = new LinkedHashMap<>();
        List<Backtest.Firing> done = new java.util.ArrayList<>();
        for (SloEvaluations.Snapshot snapshot : snapshots) {
            for (String key : snapshot.firing()) {
                open.putIfAbsent(key, snapshot.minute());
            }
            for (var it = open.entrySet().iterator(); it.hasNext();) {
                var entry = it.next();
                if (!snapshot.firing().contains(entry.getKey())) {
                    done.add(new Backtest.Firing(entry.getKey(), Backtest.severity(entry.getKey()),
                            Backtest.window(slo, entry.getKey()), entry.getValue(), snapshot.minute()));
                    it.remove();
                }
            }
        }
        open.forEach((key, at) -> done.add(new Backtest.Firing(key, Backtest.severity(key), Backtest.window(slo, key), at, null)));
        done.sort((a, b) -> Long.compare(a.firedAt(), b.firedAt()));
        return done.stream().map(f -> firing(f, slo)).toList();
    }

    private static Object burn(String json) {
        return json == null || json.isEmpty() ? Map.of() : Json.createReader(new StringReader(json)).readObject();
    }

    static String minute(long minute) {
        return iso(Instant.ofEpochSecond(minute * 60));
    }

    static String iso(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
