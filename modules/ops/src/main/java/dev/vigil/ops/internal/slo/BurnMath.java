package dev.vigil.ops.internal.slo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The burn-rate math, pure: at minute {@code at} (epoch minutes) each window covers the complete
 * minutes {@code [at − window, at)}, its burn rate is its error ratio over the SLO's budget
 * {@code 1 − objective}, and a rule burns when its long window saw at least its minimum of events and
 * both its windows burn above its factor. The error budget left is
 * {@code 1 − period error ratio / budget}; at or below zero the budget is exhausted, which is critical
 * once the period saw the policy's {@code budgetMinEvents} (100 by default; not the rules' minimum). The live cycle and the backtest both come here; only how they sum differs.
 */
public final class BurnMath {

    /** The key of budget exhaustion among the rules' keys. */
    public static final String BUDGET = "budget:critical";

    private BurnMath() {
    }

    /** Good and total events of the minutes {@code [from, to)}. */
    @FunctionalInterface
    public interface Sums {
        long[] sum(long from, long to);
    }

    /** A window's events and burn rate (null without events). */
    public record Window(int minutes, long good, long total, Double burnRate) {
    }

    /** What one evaluation found. {@code firing} holds the keys of the rules burning, and {@link #BUDGET} when exhausted. */
    public record Evaluation(long at, Map<Integer, Window> windows, long periodGood, long periodTotal,
            double budgetRemaining, List<String> firing, String status) {

        public boolean budgetExhausted() {
            return firing.contains(BUDGET);
        }
    }

    public static Evaluation evaluate(Slo slo, long at, Sums sums) {
        double budget = slo.budget();
        Map<Integer, Window> windows = new LinkedHashMap<>();
        for (int minutes : slo.policy().windows()) {
            long[] s = sums.sum(at - minutes, at);
            windows.put(minutes, new Window(minutes, s[0], s[1], s[1] == 0 ? null : (s[1] - s[0]) / (double) s[1] / budget));
        }
        List<String> firing = new ArrayList<>();
        boolean critical = false;
        for (BurnPolicy.Rule rule : slo.policy().rules()) {
            Window long_ = windows.get(rule.longMinutes());
            Window short_ = rule.shortMinutes() == 0 ? long_ : windows.get(rule.shortMinutes());
            boolean burning = long_.total() >= Math.max(1, rule.minEvents())
                    && burns(long_, rule.factor()) && burns(short_, rule.factor());
            if (burning) {
                firing.add(rule.key());
                critical |= rule.severity() == BurnPolicy.Severity.CRITICAL;
            }
        }
        long[] period = sums.sum(slo.period().from(at), at);
        double remaining = period[1] == 0 ? 1.0 : 1.0 - (period[1] - period[0]) / (double) period[1] / budget;
        if (period[1] >= Math.max(1, slo.policy().budgetMinEvents()) && remaining <= 0) {
            firing.add(BUDGET);
            critical = true;
        }
        String status = critical ? "critical" : !firing.isEmpty() ? "warning" : period[1] == 0 ? "no_data" : "ok";
        return new Evaluation(at, windows, period[0], period[1], remaining, List.copyOf(firing), status);
    }

    private static boolean burns(Window window, double factor) {
        return window.burnRate() != null && window.burnRate() > factor;
    }
}
