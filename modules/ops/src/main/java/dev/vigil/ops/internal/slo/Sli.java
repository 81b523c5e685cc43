package dev.vigil.ops.internal.slo;

import dev.vigil.ingest.api.TelemetrySli;
import dev.vigil.kernel.api.VigilException;
import java.util.regex.Pattern;

/**
 * What counts as a good event of an SLO, and where events come from:
 * <ul>
 * <li>{@code http-availability}: Vigil's own API requests of a route template (a trailing {@code *} matches any
 * rest) but those answered 4xx (a client's error), good when the status is not 5xx;</li>
 * <li>{@code http-latency}: the same requests, good when served within {@code thresholdMs};</li>
 * <li>{@code check}: a job check's runs, good when one succeeds (a failure or a missed run is bad);</li>
 * <li>{@code events}: good and total per minute pushed by the SLO's app ({@code POST /api/v1/slos/{slo}/events});</li>
 * <li>{@code crash-free-sessions}: the SLO's app's sessions from its client telemetry, by the minute they
 * ended, good when not crashed (ingest);</li>
 * <li>{@code sync-freshness}: its sync-lag samples, good when within {@code vigil.ingest.sync-fresh-within}.</li>
 * </ul>
 */
public record Sli(String kind, String route, Integer thresholdMs, String checkId) {

    public static final String HTTP_AVAILABILITY = "http-availability";
    public static final String HTTP_LATENCY = "http-latency";
    public static final String CHECK = "check";
    public static final String EVENTS = "events";
    public static final String CRASH_FREE_SESSIONS = TelemetrySli.CRASH_FREE_SESSIONS;
    public static final String SYNC_FRESHNESS = TelemetrySli.SYNC_FRESHNESS;

    private static final Pattern ROUTE = Pattern.compile("/[A-Za-z0-9/{}_.\\-]{0,198}\\*?");

    public Sli {
        switch (kind == null ? "" : kind) {
            case HTTP_AVAILABILITY, HTTP_LATENCY -> {
                if (route == null || !ROUTE.matcher(route).matches()) {
                    throw VigilException.invalid("an http SLI needs a route template such as /api/v1/* or"
                            + " /api/v1/reports/{id} (a trailing * matches any rest)");
                }
                if (HTTP_LATENCY.equals(kind) != (thresholdMs != null)) {
                    throw VigilException.invalid("threshold_ms belongs to http-latency SLIs, and they need one");
                }
                if (thresholdMs != null && (thresholdMs < 1 || thresholdMs > 600_000)) {
                    throw VigilException.invalid("threshold_ms must be 1 .. 600000");
                }
                checkId = null;
            }
            case CHECK -> {
                if (checkId == null || checkId.isBlank() || checkId.length() > 36) {
                    throw VigilException.invalid("a check SLI needs the check's id (check_id)");
                }
                route = null;
                thresholdMs = null;
            }
            case EVENTS, CRASH_FREE_SESSIONS, SYNC_FRESHNESS -> {
                route = null;
                thresholdMs = null;
                checkId = null;
            }
            default -> throw VigilException.invalid("sli.kind must be http-availability, http-latency, check, events,"
                    + " crash-free-sessions or sync-freshness");
        }
    }

    /** Read from the app's client telemetry (ingest). */
    public boolean telemetry() {
        return CRASH_FREE_SESSIONS.equals(kind) || SYNC_FRESHNESS.equals(kind);
    }

    /** Counted elsewhere and copied into the SLO's minutes each cycle (a check's, or the app's telemetry). */
    public boolean mirrored() {
        return CHECK.equals(kind) || telemetry();
    }

    public boolean http() {
        return HTTP_AVAILABILITY.equals(kind) || HTTP_LATENCY.equals(kind);
    }

    /** Whether a request of this route template is one of this SLI's events. */
    boolean matches(String requestRoute) {
        return route.endsWith("*") ? requestRoute.startsWith(route.substring(0, route.length() - 1))
                : route.equals(requestRoute);
    }

    /** Whether a request of this SLI's route was a good event. */
    boolean good(int status, long nanos) {
        return HTTP_LATENCY.equals(kind) ? nanos <= thresholdMs * 1_000_000L : status < 500;
    }
}
