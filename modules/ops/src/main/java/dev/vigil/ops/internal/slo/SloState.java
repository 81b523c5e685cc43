package dev.vigil.ops.internal.slo;

import java.util.List;

/**
 * An SLO's last evaluation as stored with it: status ({@code new} before the first), budget left,
 * burn rates per window (JSON), the rule keys burning, the keys alerting holds firing for it, and
 * for check SLIs the minute the SLI was set and the first minute not yet copied from the check.
 */
public record SloState(String status, Double budgetRemaining, String burn, List<String> firing, List<String> alerted,
        Long evaluatedMinute, Long syncStart, Long syncedMinute) {

    static final String NEW = "new";

    static List<String> keys(String text) {
        return text == null || text.isEmpty() ? List.of() : List.of(text.split(","));
    }

    static String text(List<String> keys) {
        return String.join(",", keys);
    }
}
