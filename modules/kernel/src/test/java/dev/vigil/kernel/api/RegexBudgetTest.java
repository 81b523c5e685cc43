package dev.vigil.kernel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RegexBudgetTest {

    private static final Pattern CATASTROPHIC = Pattern.compile("(a|aa)*?c");
    private static final String NEAR_MISS = "a".repeat(40) + "b";

    @Test
    void aSanePatternMatchesAsWithoutABudget() {
        Pattern pattern = Pattern.compile("team-(a|b)+");
        assertThat(RegexBudget.reads(1_000).matches(pattern, "team-abab")).isTrue();
        assertThat(RegexBudget.reads(1_000).matches(pattern, "team-abc")).isFalse();
        assertThat(RegexBudget.time(1_000_000_000L).find(pattern, "xx team-ab yy")).isTrue();
        assertThat(RegexBudget.time(1_000_000_000L).find(pattern, "xx team- yy")).isFalse();
    }

    @Test
    void aBacktrackingPatternStopsWhenItsReadsAreSpent() {
        assertThatThrownBy(() -> RegexBudget.reads(100_000).matches(CATASTROPHIC, NEAR_MISS))
                .isInstanceOf(RegexBudget.Exhausted.class);
    }

    @Test
    void aBacktrackingPatternStopsWhenItsTimeIsSpent() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> RegexBudget.time(50_000_000L).find(CATASTROPHIC, NEAR_MISS))
                .isInstanceOf(RegexBudget.Exhausted.class);
        // Stopped near its 50 ms, not after the minutes the match would take.
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    }

    @Test
    void oneBudgetIsSharedByEveryMatchRunThroughIt() {
        RegexBudget budget = RegexBudget.reads(25);
        Pattern any = Pattern.compile(".*");
        assertThat(budget.matches(any, "0123456789")).isTrue();
        assertThat(budget.matches(any, "0123456789")).isTrue();
        assertThatThrownBy(() -> budget.matches(any, "0123456789")).isInstanceOf(RegexBudget.Exhausted.class);
    }

    @Test
    void onlyTheTimeInsideMatchesIsCharged() {
        RegexBudget budget = RegexBudget.time(50_000_000L);
        Pattern word = Pattern.compile("[a-z]+!");
        String text = "a".repeat(99) + "!";
        for (int i = 0; i < 20; i++) {
            // 10 ms of other work between matches: 200 ms in all, four times the budget, none of it matching.
            long until = System.nanoTime() + 10_000_000L;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            assertThat(budget.find(word, text)).isTrue();
        }
    }
}
