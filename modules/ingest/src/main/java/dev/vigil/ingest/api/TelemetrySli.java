package dev.vigil.ingest.api;

import java.util.List;

/**
 * Client telemetry as SLI sources for the SLO engine (seed 002): per minute, an app's sessions that
 * ended (good: not crashed) or its syncs (good: lag within {@code vigil.ingest.sync-fresh-within}).
 */
public interface TelemetrySli {

    /** Sessions by the minute they ended; good when not crashed. */
    String CRASH_FREE_SESSIONS = "crash-free-sessions";
    /** {@code sync.lag_ms} samples by the minute they were taken; good when fresh. */
    String SYNC_FRESHNESS = "sync-freshness";

    /** One minute's counts; {@code minute} is epoch milliseconds / 60,000. */
    record Minute(long minute, long good, long total) {
    }

    /** The minutes in {@code [fromMinute, toMinute)} with any event of the measure, oldest first. */
    List<Minute> minutes(String appId, String measure, long fromMinute, long toMinute);
}
