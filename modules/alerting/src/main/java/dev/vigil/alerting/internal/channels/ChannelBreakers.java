package dev.vigil.alerting.internal.channels;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One breaker per channel on each server, inside the {@code webhook} dependency's own: a receiver
 * that keeps failing stops being called (its notifications wait in the queue, attempts unspent)
 * without holding up the other channels. After {@code failures} transient failures in a row a
 * channel's breaker opens for {@code delay}; then one attempt goes through, and its success closes
 * the breaker while its failure opens it again. Times are epoch milliseconds, passed in.
 */
public final class ChannelBreakers {

    /** A channel's breaker: closed, open until a time, or letting one trial through. */
    private record State(int failures, long openUntil, boolean trial) {
    }

    private final int failures;
    private final Duration delay;
    private final Map<String, State> states = new ConcurrentHashMap<>();
    /** Channels remembered at most; past it, closed breakers are forgotten. */
    private static final int MAX_CHANNELS = 10_000;

    public ChannelBreakers(int failures, Duration delay) {
        this.failures = failures;
        this.delay = delay;
    }

    /** How long the caller must wait, or empty when it may call now (a trial, when the breaker was open). */
    public Optional<Duration> admit(String channel, long now) {
        Duration[] wait = {null};
        states.computeIfPresent(channel, (id, state) -> {
            if (state.openUntil() == 0) {
                return state;
            }
            if (now < state.openUntil() || state.trial()) {
                wait[0] = Duration.ofMillis(Math.max(1_000, state.openUntil() - now));
                return state;
            }
            return new State(state.failures(), state.openUntil(), true);
        });
        return Optional.ofNullable(wait[0]);
    }

    public void succeeded(String channel) {
        states.remove(channel);
    }

    /** A transient failure; true when it opened the channel's breaker (or opened it again after a trial). */
    public boolean failed(String channel, long now) {
        if (states.size() >= MAX_CHANNELS) {
            states.values().removeIf(s -> s.openUntil() == 0);
        }
        boolean[] opened = {false};
        states.compute(channel, (id, old) -> {
            int count = old == null ? 1 : old.failures() + 1;
            boolean trial = old != null && old.trial();
            if (trial || count >= failures) {
                opened[0] = old == null || old.openUntil() == 0 || trial;
                return new State(count, now + delay.toMillis(), false);
            }
            return new State(count, 0, false);
        });
        return opened[0];
    }

    /** A trial that was not made after all (the dependency's own breaker or bulkhead stopped it). */
    public void released(String channel) {
        states.computeIfPresent(channel, (id, state) -> state.trial() ? new State(state.failures(), state.openUntil(), false)
                : state);
    }

    /** Whether the channel's breaker is open (or letting its trial through). */
    public boolean open(String channel) {
        State state = states.get(channel);
        return state != null && state.openUntil() != 0;
    }
}
