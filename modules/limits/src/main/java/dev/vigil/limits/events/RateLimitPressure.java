package dev.vigil.limits.events;

import java.time.Duration;
import java.time.Instant;

/**
 * A policy refused (or fell back) more than its threshold within the pressure window, as seen by
 * one server. Fired at most once per policy and outcome per cooldown on each server.
 */
public record RateLimitPressure(String policy, String outcome, long occurrences, Duration window, Instant at,
                                String topKey) {
}
