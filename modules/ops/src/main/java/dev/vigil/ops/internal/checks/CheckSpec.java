package dev.vigil.ops.internal.checks;

import dev.vigil.kernel.api.VigilException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A check's settings as a caller sends them, in healthchecks.io's v3 field names ({@code name},
 * {@code slug}, {@code tags}, {@code desc}, {@code timeout}, {@code grace}, {@code schedule},
 * {@code tz}, {@code manual_resume}) and two of Vigil's ({@code max_runtime} in seconds,
 * {@code failures}: consecutive failures before down). A field left out keeps its current value (on
 * create: healthchecks.io's default). Unknown fields are refused, like wrong types and out-of-range
 * values, with the field named.
 */
record CheckSpec(String name, String slug, String tags, String desc, Long timeout, Long grace, String schedule,
        String tz, Long maxRuntime, Integer failures, Boolean manualResume) {

    static final Pattern SLUG = Pattern.compile("[a-z0-9_-]{0,100}");
    static final long DEFAULT_TIMEOUT = Duration.ofDays(1).toSeconds();
    static final long DEFAULT_GRACE = Duration.ofHours(1).toSeconds();
    static final int MAX_FAILURES = 100;
    private static final Set<String> FIELDS = Set.of("name", "slug", "tags", "desc", "timeout", "grace", "schedule",
            "tz", "max_runtime", "failures", "manual_resume", "unique", "channels", "app", "uuid");

    static CheckSpec of(JsonObject json) {
        if (json == null) {
            throw VigilException.invalid("A JSON object is required");
        }
        for (String field : json.keySet()) {
            if (!FIELDS.contains(field)) {
                throw VigilException.invalid("Unknown field '" + field + "'");
            }
        }
        String name = text(json, "name", 100);
        String slug = text(json, "slug", 100);
        if (slug != null && !SLUG.matcher(slug).matches()) {
            throw VigilException.invalid("slug may hold only a-z, 0-9, '-' and '_'");
        }
        return new CheckSpec(name, slug, text(json, "tags", 500), text(json, "desc", 2000),
                seconds(json, "timeout", CheckSchedule.MIN.toSeconds()), seconds(json, "grace", CheckSchedule.MIN.toSeconds()),
                text(json, "schedule", 100), text(json, "tz", 64), seconds(json, "max_runtime", 1),
                count(json, "failures"), bool(json, "manual_resume"));
    }

    /** A new check of {@code appId} (null for Vigil's own) from this spec and healthchecks.io's defaults. */
    Check create(String id, String appId, java.time.Instant now) {
        String checkName = name == null ? "" : name;
        String checkSlug = slug != null ? slug : slugify(checkName);
        Check check = new Check(id, appId, null, checkName, checkSlug, tags == null ? "" : tags, desc == null ? "" : desc,
                schedule(null), Duration.ofSeconds(grace == null ? DEFAULT_GRACE : grace),
                maxRuntime == null ? null : Duration.ofSeconds(maxRuntime), failures == null ? 1 : failures,
                manualResume != null && manualResume, Check.NEW, null, null, null, null, null, 0, null, 0, now);
        return CheckRules.rescheduled(check);
    }

    /** The check with this spec's fields applied over its current settings. */
    Check applyTo(Check check) {
        String newName = name == null ? check.name() : name;
        Check changed = check.withSettings(newName, slug == null ? check.slug() : slug, tags == null ? check.tags() : tags,
                desc == null ? check.description() : desc, schedule(check.schedule()),
                grace == null ? check.grace() : Duration.ofSeconds(grace),
                maxRuntime == null ? check.maxRuntime() : Duration.ofSeconds(maxRuntime),
                failures == null ? check.failureThreshold() : failures,
                manualResume == null ? check.manualResume() : manualResume);
        return CheckRules.rescheduled(changed);
    }

    /** A cron schedule when one is given, a period when a timeout is; else the current schedule (on create: a day). */
    private CheckSchedule schedule(CheckSchedule current) {
        try {
            if (schedule != null) {
                String zone = tz != null ? tz : current instanceof CheckSchedule.Cron cron ? cron.zone().getId() : "UTC";
                return CheckSchedule.Cron.of(schedule, zone);
            }
            if (timeout != null) {
                return new CheckSchedule.Simple(Duration.ofSeconds(timeout));
            }
            if (tz != null && current instanceof CheckSchedule.Cron cron) {
                return CheckSchedule.Cron.of(cron.expression(), tz);
            }
        } catch (IllegalArgumentException e) {
            throw VigilException.invalid(e.getMessage());
        }
        return current != null ? current : new CheckSchedule.Simple(Duration.ofSeconds(DEFAULT_TIMEOUT));
    }

    /** healthchecks.io's slug of a name: lower case, runs of other characters as one '-'. */
    static String slugify(String name) {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "-").replaceAll("^-+|-+$", "");
        return slug.length() > 100 ? slug.substring(0, 100) : slug;
    }

    private static String text(JsonObject json, String field, int max) {
        JsonValue value = json.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonString string)) {
            throw VigilException.invalid(field + " is not a string");
        }
        String text = string.getString();
        if (text.length() > max) {
            throw VigilException.invalid(field + " is too long (at most " + max + " characters)");
        }
        if (text.chars().anyMatch(ch -> ch < 0x20 && ch != '\t')) {
            throw VigilException.invalid(field + " holds control characters");
        }
        return text;
    }

    private static Long seconds(JsonObject json, String field, long min) {
        JsonValue value = json.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
            throw VigilException.invalid(field + " is not a number of seconds");
        }
        long seconds;
        try {
            seconds = number.longValueExact();
        } catch (ArithmeticException e) {
            throw VigilException.invalid(field + " is too large");
        }
        if (seconds < min) {
            throw VigilException.invalid(field + " is too small (at least " + min + " s)");
        }
        if (seconds > CheckSchedule.MAX.toSeconds()) {
            throw VigilException.invalid(field + " is too large (at most " + CheckSchedule.MAX.toSeconds() + " s)");
        }
        return seconds;
    }

    private static Integer count(JsonObject json, String field) {
        JsonValue value = json.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonNumber number) || !number.isIntegral()
                || number.bigIntegerValue().compareTo(java.math.BigInteger.ONE) < 0
                || number.bigIntegerValue().compareTo(java.math.BigInteger.valueOf(MAX_FAILURES)) > 0) {
            throw VigilException.invalid(field + " is a whole number from 1 to " + MAX_FAILURES);
        }
        return number.intValue();
    }

    private static Boolean bool(JsonObject json, String field) {
        JsonValue value = json.get(field);
        if (value == null) {
            return null;
        }
        if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
            return value == JsonValue.TRUE;
        }
        throw VigilException.invalid(field + " is not a boolean");
    }
}
