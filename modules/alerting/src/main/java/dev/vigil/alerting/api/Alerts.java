package dev.vigil.alerting.api;

import java.util.Optional;

/**
 * Raises and resolves alerts. Each call commits on its own (whatever transaction the caller is in)
 * before it returns, and may be repeated: raising an alert that is firing only refreshes it, and
 * resolving one that is not firing changes nothing.
 */
public interface Alerts {

    /** The alert after a raise or resolve: its id, its state, and whether this call changed the state. */
    record Outcome(String alertId, String state, boolean changed) {
    }

    /**
     * Raises the alert (state {@code firing}), or refreshes it when it is firing or acknowledged.
     *
     * @throws IllegalArgumentException when the signal breaks a limit (label names, lengths, counts)
     */
    Outcome raise(AlertSignal signal);

    /** Resolves the alert with this signal's identity; empty when there is no such alert. */
    Optional<Outcome> resolve(AlertSignal signal);

    /**
     * Raises an alert of an app, as the app would through {@code POST /api/v1/alerts}: its identity is
     * the app's own, the app can see it, and it counts toward the app's cap on open alerts.
     *
     * @throws IllegalArgumentException when the signal breaks a limit
     * @throws RuntimeException when the app is at its cap on open alerts (nothing is stored)
     */
    Outcome raise(String appId, AlertSignal signal);

    /** Resolves an app's alert with this signal's identity; empty when there is no such alert. */
    Optional<Outcome> resolve(String appId, AlertSignal signal);
}
