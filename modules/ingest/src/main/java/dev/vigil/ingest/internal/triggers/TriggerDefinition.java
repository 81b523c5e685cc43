package dev.vigil.ingest.internal.triggers;

import java.time.Instant;

/**
 * A rollback trigger as data: a CEL condition over an app version's telemetry (see
 * {@link TriggerExpressions}), for one app or every app ({@code appId} null), with what it means,
 * its runbook (a file under the runbooks folder, or an http(s) URL) and the alert's severity.
 */
public record TriggerDefinition(String name, String appId, String expression, String description, String runbook,
        String severity, boolean enabled, Instant updatedAt, String updatedBy) {
}
