package dev.vigil.ops.internal.checks;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks, pings and flips in healthchecks.io's v3 shapes (so its clients read them), with Vigil's
 * own fields added for admins.
 */
final class CheckViews {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx")
            .withZone(ZoneOffset.UTC);

    private CheckViews() {
    }

    /** healthchecks.io's check: {@code status} without {@code started} (a flag of its own), as in v3. */
    static Map<String, Object> v3(Check check, URI root, Instant now) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", check.name());
        view.put("slug", check.slug());
        view.put("tags", check.tags());
        view.put("desc", check.description());
        view.put("grace", check.grace().toSeconds());
        view.put("n_pings", check.pings());
        view.put("status", CheckRules.status(check, now, false));
        view.put("started", check.lastStart() != null);
        view.put("last_ping", iso(check.lastPing()));
        view.put("next_ping", iso(CheckRules.nextPing(check)));
        view.put("manual_resume", check.manualResume());
        view.put("methods", "");
        if (check.lastDurationMs() != null) {
            view.put("last_duration", check.lastDurationMs() / 1000);
        }
        view.put("uuid", check.id());
        view.put("ping_url", root.resolve("ping/" + check.id()).toString());
        String update = root.resolve("api/v3/checks/" + check.id()).toString();
        view.put("update_url", update);
        view.put("pause_url", update + "/pause");
        view.put("resume_url", update + "/resume");
        view.put("channels", "");
        if (check.schedule() instanceof CheckSchedule.Cron cron) {
            view.put("schedule", cron.expression());
            view.put("tz", cron.zone().getId());
        } else {
            view.put("timeout", ((CheckSchedule.Simple) check.schedule()).timeout().toSeconds());
        }
        return view;
    }

    /** The v3 shape with what Vigil adds: the owner, the status with {@code started}, failures and runtime. */
    static Map<String, Object> admin(Check check, URI root, Instant now) {
        Map<String, Object> view = v3(check, root, now);
        view.put("status", CheckRules.status(check, now, true));
        view.put("app", check.appId());
        if (check.job() != null) {
            view.put("job", check.job());
        }
        view.put("failures", check.failureThreshold());
        view.put("consecutive_failures", check.consecutiveFailures());
        if (check.maxRuntime() != null) {
            view.put("max_runtime", check.maxRuntime().toSeconds());
        }
        if (check.downReason() != null && "down".equals(view.get("status"))) {
            view.put("down_reason", check.downReason());
        }
        view.put("last_start", iso(check.lastStart()));
        view.put("created", iso(check.createdAt()));
        return view;
    }

    static Map<String, Object> ping(CheckHistory.Ping ping, boolean withBody) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("type", ping.kind());
        view.put("date", ISO.format(ping.at().truncatedTo(ChronoUnit.SECONDS)));
        view.put("n", ping.n());
        view.put("scheme", ping.scheme());
        view.put("remote_addr", ping.remoteAddr());
        view.put("method", ping.method());
        view.put("ua", ping.userAgent());
        view.put("rid", ping.rid());
        if (ping.durationMs() != null) {
            view.put("duration", ping.durationMs() / 1000.0);
        }
        if (ping.exitStatus() != null) {
            view.put("exitstatus", ping.exitStatus());
        }
        if (withBody) {
            view.put("body", ping.body());
            view.put("body_bytes", ping.bodyBytes());
        }
        return view;
    }

    static Map<String, Object> flip(CheckRules.Flip flip, boolean detailed) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("timestamp", ISO.format(flip.at().truncatedTo(ChronoUnit.SECONDS)));
        view.put("up", Check.DOWN.equals(flip.to()) ? 0 : 1);
        if (detailed) {
            view.put("from", flip.from());
            view.put("to", flip.to());
            view.put("reason", flip.reason());
        }
        return view;
    }

    static String iso(Instant at) {
        return at == null ? null : ISO.format(at.truncatedTo(ChronoUnit.SECONDS));
    }
}
