package dev.vigil.ingest.internal.telemetry;

/**
 * One event or counter increment as an app sent it, checked: {@code signal} is the event type or
 * counter name, {@code value} the increment (1 for an event, the lag in ms for {@code sync.lag_ms}),
 * {@code status} a session's (only for {@code session.*}), {@code attributes} compact JSON or null.
 */
public record TelemetryItem(String eventId, String signal, long at, long value, String appVersion, String platform,
        String sessionId, String userId, String status, String attributes) {

    static final String SESSION_START = "session.start";
    static final String SESSION_END = "session.end";
    static final String SYNC_LAG = "sync.lag_ms";

    /** Session statuses from best to worst, as Sentry's release health names them; a session keeps its worst. */
    enum Status {
        OK, ERRORED, ABNORMAL, CRASHED;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    long minute() {
        return Math.floorDiv(at, 60_000L);
    }

    boolean isSession() {
        return signal.equals(SESSION_START) || signal.equals(SESSION_END);
    }
}
