package dev.vigil.ingest.events;

import java.time.Instant;

/**
 * A rollback trigger started ({@code firing}) or stopped firing for one app version.
 *
 * @param runbook a file name under the runbooks folder, or an http(s) URL
 * @param severity {@code critical}, {@code warning} or {@code info}
 */
public record RollbackTriggerChanged(String trigger, String appId, String version, boolean firing, String description,
        String expression, String runbook, String severity, Instant at) {
}
