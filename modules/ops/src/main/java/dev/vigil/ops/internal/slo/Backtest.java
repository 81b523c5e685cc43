package dev.vigil.ops.internal.slo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays an SLO's policy over a per-minute series: evaluates every minute of {@code [from, to)} with
 * {@link BurnMath} (the live cycle's math) on prefix sums, and answers when each alert would have
 * fired and resolved.
 */
public final class Backtest {

    /** One alert as it would have been: fired at the first minute its rule burned, resolved at the first it did not (null: still firing at the end). */
    public record Firing(String key, String severity, String window, long firedAt, Long resolvedAt) {
    }

    public record Result(List<Firing> firings, List<BurnMath.Evaluation> evaluations) {
    }

    /**
     * A series of per-minute good/total starting at minute {@code start}, as prefix sums: each
     * window's sum is two lookups, however long.
     */
    public static final class Series implements BurnMath.Sums {
        private final long start;
        private final long[] good;
        private final long[] total;

        public Series(long start, long[] goodPerMinute, long[] totalPerMinute) {
            this.start = start;
            good = new long[goodPerMinute.length + 1];
            total = new long[totalPerMinute.length + 1];
            for (int i = 0; i < goodPerMinute.length; i++) {
                good[i + 1] = good[i] + goodPerMinute[i];
                total[i + 1] = total[i] + totalPerMinute[i];
            }
        }

        @Override
        public long[] sum(long from, long to) {
            int a = index(from);
            int b = index(to);
            return new long[] {good[b] - good[a], total[b] - total[a]};
        }

        private int index(long minute) {
            return (int) Math.max(0, Math.min(good.length - 1, minute - start));
        }
    }

    private Backtest() {
    }

    /** Evaluates every minute of {@code [from, to)}; keeps the evaluations when asked (a test compares them with the live cycle's). */
    public static Result run(Slo slo, BurnMath.Sums series, long from, long to, boolean keepEvaluations) {
        Map<String, Firing> open = new LinkedHashMap<>();
        List<Firing> done = new ArrayList<>();
        List<BurnMath.Evaluation> evaluations = new ArrayList<>();
        for (long at = from; at < to; at++) {
            BurnMath.Evaluation evaluation = BurnMath.evaluate(slo, at, series);
            if (keepEvaluations) {
                evaluations.add(evaluation);
            }
            for (String key : evaluation.firing()) {
                open.computeIfAbsent(key, k -> new Firing(k, severity(k), window(slo, k), evaluation.at(), null));
            }
            for (var it = open.entrySet().iterator(); it.hasNext();) {
                Firing firing = it.next().getValue();
                if (!evaluation.firing().contains(firing.key())) {
                    done.add(new Firing(firing.key(), firing.severity(), firing.window(), firing.firedAt(), at));
                    it.remove();
                }
            }
        }
        done.addAll(open.values());
        done.sort((a, b) -> Long.compare(a.firedAt(), b.firedAt()));
        return new Result(done, evaluations);
    }

    /** The severity of a rule's key ({@code 1h/5m:critical}). */
    static String severity(String key) {
        return key.substring(key.lastIndexOf(':') + 1);
    }

    /** The window label of a rule's key; budget exhaustion's is the period ({@code 30d}, {@code month}). */
    static String window(Slo slo, String key) {
        return BurnMath.BUDGET.equals(key) ? slo.period().text() : key.substring(0, key.lastIndexOf(':'));
    }
}
