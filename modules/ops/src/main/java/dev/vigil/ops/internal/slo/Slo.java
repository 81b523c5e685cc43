package dev.vigil.ops.internal.slo;

import java.math.BigDecimal;

/**
 * A service level objective as stored: its SLI, its objective in percent of good events (e.g.
 * {@code 99.9}) over its period, and the policy its burn alerts follow. {@code appId} is the app that
 * pushes an events SLI (null for Vigil's own SLIs).
 */
public record Slo(String id, String name, String owner, String description, String appId, Sli sli,
        double objective, Period period, BurnPolicy policy, boolean enabled, long createdAt, long updatedAt) {

    /** The share of events that may be bad, {@code 1 − objective} (0.001 for 99.9), without binary drift. */
    public double budget() {
        return BigDecimal.valueOf(100).subtract(BigDecimal.valueOf(objective)).movePointLeft(2).doubleValue();
    }
}
