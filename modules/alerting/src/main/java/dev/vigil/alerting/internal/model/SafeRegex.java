package dev.vigil.alerting.internal.model;

import dev.vigil.kernel.api.RegexBudget;
import java.util.regex.Pattern;

/**
 * A regex match that gives up: a pattern that backtracks without end (an admin's {@code (a+)+$})
 * counts as no match after a fixed amount of work instead of holding a thread.
 */
final class SafeRegex {

    /** Character reads one match may make: far more than any sane pattern needs on a 1 KiB value. */
    static final long MAX_STEPS = 2_000_000;

    private SafeRegex() {
    }

    static boolean matches(Pattern pattern, String value) {
        try {
            return RegexBudget.reads(MAX_STEPS).matches(pattern, value);
        } catch (RegexBudget.Exhausted e) {
            return false;
        }
    }
}
