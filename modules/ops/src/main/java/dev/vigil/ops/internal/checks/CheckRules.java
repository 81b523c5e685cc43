package dev.vigil.ops.internal.checks;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The state machine of a check, with healthchecks.io's meanings, on a clock the caller gives:
 * <ul>
 * <li>a success ping makes it {@code up}; a failure (or a non-zero exit status) counts one more
 * consecutive failure and makes it {@code down} when they reach the check's threshold (1 by default,
 * as healthchecks.io);</li>
 * <li>a start opens a run ({@code started}); a success or failure with the same {@code rid} (or none)
 * ends it and gives its duration; a run open longer than its max runtime (else its grace) is
 * {@code down};</li>
 * <li>an up check whose next expected ping (period or cron) has passed is in {@code grace}, and
 * {@code down} once the grace has passed too;</li>
 * <li>a paused check is not watched; a ping resumes it unless it needs a manual resume, in which case
 * pings are kept but ignored ({@code ign}).</li>
 * </ul>
 * Pure: the store applies what it returns.
 */
public final class CheckRules {

    /** What a ping asks. */
    public enum Action {
        SUCCESS, START, FAIL, LOG, IGN;

        public String value() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A status change: from, to, why ({@code success}, {@code fail}, {@code late}, {@code runtime}, {@code paused}, {@code resumed}). */
    public record Flip(String from, String to, String reason, Instant at) {
    }

    /**
     * A check after an event. {@code action} is what the ping counted as ({@code ign} on a check that
     * waits for a manual resume); {@code good}/{@code total} what it adds to the minute's SLO counts.
     */
    public record Outcome(Check check, Flip flip, Action action, Long durationMs, int good, int total) {
    }

    private CheckRules() {
    }

    public static Outcome ping(Check check, Action requested, String rid, Instant now) {
        Action action = Check.PAUSED.equals(check.status()) && check.manualResume() ? Action.IGN : requested;
        String status = check.status();
        String reason = check.downReason();
        Instant lastPing = check.lastPing();
        Instant lastStart = check.lastStart();
        String lastRid = check.lastStartRid();
        Long duration = check.lastDurationMs();
        int failures = check.consecutiveFailures();
        Flip flip = null;
        Long runDuration = null;
        int good = 0;
        int total = 0;
        switch (action) {
            case START -> {
                lastStart = now;
                lastRid = rid;
            }
            case SUCCESS, FAIL -> {
                lastPing = now;
                duration = null;
                if (lastStart != null) {
                    if (Objects.equals(lastRid, rid)) {
                        duration = Duration.between(lastStart, now).toMillis();
                        runDuration = duration;
                        lastStart = null;
                    } else if (action == Action.FAIL || rid == null) {
                        lastStart = null;
                    }
                }
                total = 1;
                String next;
                if (action == Action.SUCCESS) {
                    good = 1;
                    failures = 0;
                    next = Check.UP;
                } else {
                    failures = failures + 1;
                    next = failures >= Math.max(1, check.failureThreshold()) || Check.DOWN.equals(status)
                            ? Check.DOWN : Check.UP;
                }
                if (!next.equals(status)) {
                    flip = new Flip(status, next, action == Action.SUCCESS ? "success" : "fail", now);
                    status = next;
                    reason = Check.DOWN.equals(next) ? "fail" : null;
                }
            }
            case LOG, IGN -> {
                // kept as a ping; the state does not change
            }
        }
        Check after = check.withState(status, reason, lastPing, lastStart, lastRid, duration, failures, null,
                check.pings() + 1);
        return new Outcome(rescheduled(after), flip, action, runDuration, good, total);
    }

    /**
     * The watch's look at a check whose deadline has passed: down (late, or a run over its limit),
     * with the flip; or, when it is not down after all (pinged meanwhile), only its new deadline.
     */
    public static Outcome due(Check check, Instant now) {
        if (Check.DOWN.equals(check.status())) {
            return new Outcome(check, null, Action.IGN, null, 0, 0);
        }
        boolean overRuntime = check.lastStart() != null && !now.isBefore(check.lastStart().plus(check.runtimeLimit()));
        if (!overRuntime && !Check.DOWN.equals(status(check, now, false))) {
            Check later = check.withState(check.status(), check.downReason(), check.lastPing(), check.lastStart(),
                    check.lastStartRid(), check.lastDurationMs(), check.consecutiveFailures(), goingDownAfter(check),
                    check.pings());
            return new Outcome(later, null, Action.IGN, null, 0, 0);
        }
        String reason = overRuntime ? "runtime" : "late";
        Check down = check.withState(Check.DOWN, reason, check.lastPing(), check.lastStart(), check.lastStartRid(),
                check.lastDurationMs(), check.consecutiveFailures(), null, check.pings());
        return new Outcome(down, new Flip(check.status(), Check.DOWN, reason, now), Action.IGN, null, 0, 1);
    }

    /** Paused by an operator: not watched until a ping (or a resume when it needs one); an open run is forgotten. */
    public static Outcome pause(Check check, Instant now) {
        Flip flip = Check.PAUSED.equals(check.status()) ? null : new Flip(check.status(), Check.PAUSED, "paused", now);
        Check paused = check.withState(Check.PAUSED, null, check.lastPing(), null, null, check.lastDurationMs(),
                check.consecutiveFailures(), null, check.pings());
        return new Outcome(paused, flip, Action.IGN, null, 0, 0);
    }

    /** Resumed by an operator: {@code new} again, as healthchecks.io, until its next ping. */
    public static Outcome resume(Check check, Instant now) {
        if (!Check.PAUSED.equals(check.status())) {
            return new Outcome(check, null, Action.IGN, null, 0, 0);
        }
        Check fresh = check.withState(Check.NEW, null, null, null, null, null, 0, null, check.pings());
        return new Outcome(fresh, new Flip(Check.PAUSED, Check.NEW, "resumed", now), Action.IGN, null, 0, 0);
    }

    /** Its settings changed: the deadline follows the new schedule, grace and runtime. */
    public static Check rescheduled(Check check) {
        return check.withState(check.status(), check.downReason(), check.lastPing(), check.lastStart(),
                check.lastStartRid(), check.lastDurationMs(), check.consecutiveFailures(), goingDownAfter(check),
                check.pings());
    }

    /**
     * The status a reader sees at {@code now}: {@code started} only when asked (healthchecks.io's v3
     * API shows it as a separate flag), {@code grace} between the expected ping and the end of grace.
     */
    public static String status(Check check, Instant now, boolean withStarted) {
        if (check.lastStart() != null && !Check.DOWN.equals(check.status())) {
            if (!now.isBefore(check.lastStart().plus(check.runtimeLimit()))) {
                return Check.DOWN;
            }
            if (withStarted) {
                return Check.STARTED;
            }
        }
        if (!Check.UP.equals(check.status())) {
            return check.status();
        }
        Instant graceStart = check.schedule().next(check.lastPing());
        if (graceStart == null) {
            return Check.UP;
        }
        if (!now.isBefore(graceStart.plus(check.grace()))) {
            return Check.DOWN;
        }
        return now.isBefore(graceStart) ? Check.UP : Check.GRACE;
    }

    /** When the next expected ping is due (null when none is, as for a new, paused or down check). */
    public static Instant nextPing(Check check) {
        return Check.UP.equals(check.status()) && check.lastPing() != null ? check.schedule().next(check.lastPing()) : null;
    }

    /** When the check goes down unless pinged: the end of grace after the next expected ping, or an open run's limit. */
    static Instant goingDownAfter(Check check) {
        Instant at = null;
        Instant expected = nextPing(check);
        if (expected != null) {
            at = expected.plus(check.grace());
        }
        if (check.lastStart() != null && !Check.DOWN.equals(check.status())) {
            Instant limit = check.lastStart().plus(check.runtimeLimit());
            at = at == null || limit.isBefore(at) ? limit : at;
        }
        return at;
    }
}
