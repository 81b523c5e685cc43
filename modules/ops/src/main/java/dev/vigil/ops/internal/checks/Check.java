package dev.vigil.ops.internal.checks;

import java.time.Duration;
import java.time.Instant;

/**
 * A check as stored. {@code status} is the stored one (new, up, down, paused); what a reader sees
 * ({@code started}, {@code grace}, or {@code down} for a late check the watch has not reached yet)
 * comes from {@link CheckRules#status}. {@code appId} is null for Vigil's own jobs ({@code job}).
 */
public record Check(String id, String appId, String job, String name, String slug, String tags, String description,
        CheckSchedule schedule, Duration grace, Duration maxRuntime, int failureThreshold, boolean manualResume,
        String status, String downReason, Instant lastPing, Instant lastStart, String lastStartRid, Long lastDurationMs,
        int consecutiveFailures, Instant alertAfter, long pings, Instant createdAt) {

    public static final String NEW = "new";
    public static final String UP = "up";
    public static final String DOWN = "down";
    public static final String PAUSED = "paused";
    public static final String STARTED = "started";
    public static final String GRACE = "grace";

    /** How long a started run may take before the check is down: its max runtime, else its grace (as healthchecks.io). */
    public Duration runtimeLimit() {
        return maxRuntime != null ? maxRuntime : grace;
    }

    Check withState(String newStatus, String newDownReason, Instant newLastPing, Instant newLastStart, String newRid,
            Long newDuration, int newFailures, Instant newAlertAfter, long newPings) {
        return new Check(id, appId, job, name, slug, tags, description, schedule, grace, maxRuntime, failureThreshold,
                manualResume, newStatus, newDownReason, newLastPing, newLastStart, newRid, newDuration, newFailures,
                newAlertAfter, newPings, createdAt);
    }

    /** The same check with new settings; its state is kept, its deadline recomputed by the caller. */
    Check withSettings(String newName, String newSlug, String newTags, String newDescription, CheckSchedule newSchedule,
            Duration newGrace, Duration newMaxRuntime, int newThreshold, boolean newManualResume) {
        return new Check(id, appId, job, newName, newSlug, newTags, newDescription, newSchedule, newGrace, newMaxRuntime,
                newThreshold, newManualResume, status, downReason, lastPing, lastStart, lastStartRid, lastDurationMs,
                consecutiveFailures, alertAfter, pings, createdAt);
    }
}
