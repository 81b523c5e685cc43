package dev.vigil.resilience.events;

import java.time.Instant;

/**
 * A dependency's breaker changed state on one server (breakers are per server). {@code from} and
 * {@code to} are {@code closed}, {@code open} or {@code half-open}; {@code lastFailure} is the last
 * failure's one-line description, or null.
 */
public record DependencyStateChanged(String server, String dependency, String from, String to, Instant at,
        String lastFailure) {
}
