package dev.vigil.ingest.internal.triggers;

import java.time.Duration;

/**
 * What a trigger's expression may read of one app version, at the minute it is evaluated: sums
 * of whole minutes before that minute (the minute under way is not over yet).
 */
public interface TriggerSignals {

    /** The signal's (or alias's) sum over the {@code window} of whole minutes before now. */
    long increase(String signal, Duration window);

    /** The signal's (or alias's) sum since the version's first telemetry, up to now. */
    long total(String signal);

    /** Sessions started in the window, and of them those that crashed. */
    long[] sessions(Duration window);
}
