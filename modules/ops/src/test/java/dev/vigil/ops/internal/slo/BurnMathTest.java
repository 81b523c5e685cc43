package dev.vigil.ops.internal.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import java.io.StringReader;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BurnMathTest {

    private static final long DAY = 1440;
    private static final long START = Instant.parse("2026-11-01T00:00:00Z").getEpochSecond() / 60;

    static Slo slo(double objective, String period, BurnPolicy policy) {
        return new Slo("s1", "api", "team", "", null, new Sli(Sli.EVENTS, null, null, null), objective,
                Period.of(period), policy, true, 0, 0);
    }

    /** {@code minutes} of traffic at {@code perMinute} events, {@code bad} of them bad, from {@code START}. */
    static long[][] flat(int minutes, long perMinute, long bad) {
        long[] good = new long[minutes];
        long[] total = new long[minutes];
        Arrays.fill(total, perMinute);
        Arrays.fill(good, perMinute - bad);
        return new long[][] {good, total};
    }

    @Test
    void burnRateIsTheErrorRatioOverTheBudget() {
        long[][] s = flat(120, 1000, 20); // 2 % errors against a 0.1 % budget: 20x
        BurnMath.Evaluation e = BurnMath.evaluate(slo(99.9, "30d", BurnPolicy.defaults()), START + 120,
                new Backtest.Series(START, s[0], s[1]));
        assertThat(e.windows().get(60).burnRate()).isCloseTo(20.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(e.windows().get(5).total()).isEqualTo(5000);
        assertThat(e.firing()).containsExactly("1h/5m:critical", "6h/30m:critical", "1d/2h:warning", "3d/6h:warning",
                BurnMath.BUDGET);
        assertThat(e.status()).isEqualTo("critical");
        // 2 % of 120,000 events bad is 20 budgets' worth: 1 − 20 = −19 left, exhausted.
        assertThat(e.budgetRemaining()).isCloseTo(-19.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(e.budgetExhausted()).isTrue();
    }

    @Test
    void aRuleBurnsOnlyWhenBothItsWindowsBurn() {
        // A fast burn that stopped ten minutes ago: the 1h window still burns, the 5m one no longer does.
        long[][] s = flat(120, 1000, 0);
        for (int m = 100; m < 110; m++) {
            s[0][m] = 0;
        }
        Slo slo = slo(99.9, "30d", BurnPolicy.defaults());
        BurnMath.Evaluation e = BurnMath.evaluate(slo, START + 120, new Backtest.Series(START, s[0], s[1]));
        assertThat(e.windows().get(60).burnRate()).isGreaterThan(14.4);
        assertThat(e.windows().get(5).burnRate()).isZero();
        assertThat(e.firing()).doesNotContain("1h/5m:critical");
        assertThat(BurnMath.evaluate(slo, START + 110, new Backtest.Series(START, s[0], s[1])).firing())
                .contains("1h/5m:critical");
    }

    @Test
    void belowTheMinimumEventsNothingPagesButAnExhaustedBudgetDoes() {
        // Three errors in five requests at night; 125 requests days before, nothing else this month.
        long[] good = new long[6000];
        long[] total = new long[6000];
        for (int m = 0; m < 125; m++) {
            good[m] = 1;
            total[m] = 1;
        }
        total[5990] = 5;
        good[5990] = 2;
        Slo slo = slo(99.9, "month", BurnPolicy.defaults());
        BurnMath.Evaluation e = BurnMath.evaluate(slo, START + 5995, new Backtest.Series(START, good, total));
        assertThat(e.windows().get(5).burnRate()).isEqualTo(600.0);
        assertThat(e.windows().get(4320).total()).as("even the 3-day window").isLessThan(10);
        assertThat(e.periodTotal()).isEqualTo(130);
        assertThat(e.firing()).containsExactly(BurnMath.BUDGET);
        assertThat(e.status()).isEqualTo("critical");
        // The month's first requests, one failing: the budget is spent, but not on 5 events of the 100 it needs.
        BurnMath.Evaluation early = BurnMath.evaluate(slo, START + 1, new Backtest.Series(START, new long[] {4}, new long[] {5}));
        assertThat(early.budgetRemaining()).isNegative();
        assertThat(early.firing()).isEmpty();

        // Enough traffic this month that ten bad requests leave budget: with the preset's minimum (10) the
        // hour's 600 requests page; with a minimum of 1,000 they do not.
        long[][] busy = flat(600, 100, 0);
        for (int m = 500; m < 600; m++) {
            busy[0][m] = 10;
            busy[1][m] = 10;
        }
        busy[0][590] = 0;
        e = BurnMath.evaluate(slo, START + 595, new Backtest.Series(START, busy[0], busy[1]));
        assertThat(e.windows().get(60).total()).isEqualTo(600);
        assertThat(e.firing()).containsExactly("1h/5m:critical");
        assertThat(e.budgetRemaining()).isPositive();
        BurnPolicy strict = BurnPolicy.of(Json.createReader(new StringReader(
                "{\"preset\": \"google-30d\", \"min_events\": 1000}")).readObject());
        e = BurnMath.evaluate(slo(99.9, "month", strict), START + 595, new Backtest.Series(START, busy[0], busy[1]));
        assertThat(e.firing()).isEmpty();
        assertThat(e.status()).isEqualTo("ok");
    }

    @Test
    void seed003FiresEachLevelAboveItsFactor() {
        Slo slo = slo(99.0, "30d", BurnPolicy.preset(BurnPolicy.SEED_003));
        long[][] s = flat(1440, 100, 8); // 8 % errors on a 1 % budget: 8x
        BurnMath.Evaluation e = BurnMath.evaluate(slo, START + 1440, new Backtest.Series(START, s[0], s[1]));
        assertThat(e.firing()).containsExactly("1h:warning", "6h:critical", "6h:warning", "1d:critical",
                "1d:warning", BurnMath.BUDGET);
    }

    @Test
    void theCalendarMonthStartsAfreshAtTheBoundary() {
        long novemberStart = START;
        long[][] s = flat((int) (31 * DAY), 100, 0);
        int lastHour = (int) (30 * DAY) - 60; // Nov 30, 23:00 .. 24:00 all bad
        for (int m = lastHour; m < 30 * DAY; m++) {
            s[0][m] = 0;
        }
        Slo slo = slo(99.9, "month", BurnPolicy.defaults());
        Backtest.Series series = new Backtest.Series(novemberStart, s[0], s[1]);
        BurnMath.Evaluation november = BurnMath.evaluate(slo, novemberStart + 30 * DAY, series);
        assertThat(november.periodTotal()).isZero(); // at 00:00 on Dec 1 the month so far is empty
        BurnMath.Evaluation lastMinute = BurnMath.evaluate(slo, novemberStart + 30 * DAY - 1, series);
        assertThat(lastMinute.budgetExhausted()).isTrue();
        BurnMath.Evaluation december = BurnMath.evaluate(slo, novemberStart + 30 * DAY + 10, series);
        assertThat(december.periodTotal()).isEqualTo(1000);
        assertThat(december.budgetRemaining()).isEqualTo(1.0);
        assertThat(december.firing()).contains("6h/30m:critical").doesNotContain(BurnMath.BUDGET, "1h/5m:critical");
    }

    @Test
    void theBacktestSaysWhenEachAlertFiredAndResolved() {
        long[][] s = flat(600, 100, 0);
        for (int m = 300; m < 320; m++) { // twenty minutes fully down
            s[0][m] = 0;
        }
        Backtest.Result result = Backtest.run(slo(99.9, "30d", BurnPolicy.defaults()),
                new Backtest.Series(START, s[0], s[1]), START + 240, START + 600, false);
        Backtest.Firing page = result.firings().stream().filter(f -> f.key().equals("1h/5m:critical")).findFirst().orElseThrow();
        // The first bad minute makes the 5m window 20 % bad and the 1h window 1.7 %: both over 1.44 %.
        assertThat(page.firedAt()).isEqualTo(START + 301);
        // Resolved once the 5m window holds no bad minute again.
        assertThat(page.resolvedAt()).isEqualTo(START + 325);
        assertThat(page.window()).isEqualTo("1h/5m");
        assertThat(page.severity()).isEqualTo("critical");
    }

    @Test
    void policiesAreCheckedAsData() {
        assertThatThrownBy(() -> BurnPolicy.of(Json.createReader(new StringReader(
                "{\"rules\": [{\"severity\": \"critical\", \"long\": \"5m\", \"short\": \"1h\", \"factor\": 2}]}")).readObject()))
                .hasMessageContaining("short one");
        assertThatThrownBy(() -> BurnPolicy.preset("nope")).hasMessageContaining("unknown policy preset");
        assertThatThrownBy(() -> Period.of("91d")).hasMessageContaining("period");
        BurnPolicy custom = BurnPolicy.of(Json.createReader(new StringReader(
                "{\"rules\": [{\"severity\": \"page\", \"long\": \"2h\", \"short\": \"10m\", \"factor\": 10, \"min_events\": 5}]}"))
                .readObject());
        assertThat(BurnPolicy.of(custom.toJson())).isEqualTo(custom);
        // A preset as stored (its rules written out) reads back as itself, with what was changed in it.
        BurnPolicy seed = BurnPolicy.of(Json.createReader(new StringReader(
                "{\"preset\": \"seed-003\", \"min_events\": 7, \"budget_min_events\": 4}")).readObject());
        assertThat(BurnPolicy.of(seed.toJson())).isEqualTo(seed);
        assertThat(seed.rules()).hasSize(6).allSatisfy(r -> assertThat(r.minEvents()).isEqualTo(7));
        assertThat(seed.budgetMinEvents()).isEqualTo(4);
        assertThat(custom.rules().get(0).key()).isEqualTo("2h/10m:critical");
    }
}
