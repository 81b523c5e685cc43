package dev.vigil.resilience.api;

/** A dependency's circuit breaker on one server, as MicroProfile Fault Tolerance keeps it. */
public enum BreakerState {
    CLOSED, OPEN, HALF_OPEN;

    public String label() {
        return this == HALF_OPEN ? "half-open" : name().toLowerCase(java.util.Locale.ROOT);
    }
}
