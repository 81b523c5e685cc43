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
        assertThat(pattern.matcher(RegexBudget.reads(1_000).over("team-abab")).matches()).isTrue();
        assertThat(pattern.matcher(RegexBudget.reads(1_000).over("team-abc")).matches()).isFalse();
        assertThat(pattern.matcher(RegexBudget.time(1_000_000_000L).over("xx team-ab yy")).find()).isTrue();
    }

    @Test
    void aBacktrackingPatternStopsWhenItsReadsAreSpent() {
        assertThatThrownBy(() -> CATASTROPHIC.matcher(RegexBudget.reads(100_000).over(NEAR_MISS)).matches())
                .isInstanceOf(RegexBudget.Exhausted.class);
    }

    @Test
    void aBacktrackingPatternStopsWhenItsTimeIsSpent() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> CATASTROPHIC.matcher(RegexBudget.time(50_000_000L).over(NEAR_MISS)).find())
                .isInstanceOf(RegexBudget.Exhausted.class);
        // Stopped near its 50 ms, not after the minutes the match would take.
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    }

    @Test
    void oneBudgetIsSharedByEveryMatchOverIt() {
        RegexBudget budget = RegexBudget.reads(25);
        Pattern any = Pattern.compile(".*");
        assertThat(any.matcher(budget.over("0123456789")).matches()).isTrue();
        assertThat(any.matcher(budget.over("0123456789")).matches()).isTrue();
        assertThatThrownBy(() -> any.matcher(budget.over("0123456789")).matches())
                .isInstanceOf(RegexBudget.Exhausted.class);
    }
}
