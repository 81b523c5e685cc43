package dev.vigil.ops.internal.slo;

import dev.vigil.kernel.api.VigilException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An SLO as an admin writes it (JSON), every field optional for a change:
 * {@code {"name", "owner", "description", "app", "sli": {"kind", "route", "threshold_ms", "check_id"},
 * "objective", "period", "policy", "enabled"}}.
 */
public record SloSpec(String name, String owner, String description, String app, boolean appGiven, Sli sli, Double objective,
        Period period, BurnPolicy policy, Boolean enabled) {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
    private static final Pattern UUID_SHAPED = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Set<String> RESERVED = Set.of("openslo", "catalogue");
    private static final Set<String> FIELDS = Set.of("name", "owner", "description", "app", "sli", "objective", "period",
            "policy", "enabled");

    public static SloSpec of(JsonObject json) {
        for (String field : json.keySet()) {
            if (!FIELDS.contains(field)) {
                throw VigilException.invalid("unknown field '" + field + "' (known: " + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
            }
        }
        String name = text(json, "name", 100);
        if (name != null && RESERVED.contains(name)) {
            throw VigilException.invalid("'" + name + "' names a path of the SLO API; choose another name");
        }
        if (name != null && UUID_SHAPED.matcher(name).matches()) {
            throw VigilException.invalid("an SLO's name cannot look like an id (a UUID)");
        }
        if (name != null && !NAME.matcher(name).matches()) {
            throw VigilException.invalid("name must be lower-case letters, digits, '.', '_' or '-' (at most 100), e.g. api-availability");
        }
        Sli sli = null;
        if (json.containsKey("sli")) {
            if (!(json.get("sli") instanceof JsonObject given)) {
                throw VigilException.invalid("sli must be an object such as {\"kind\": \"http-availability\", \"route\": \"/api/v1/*\"}");
            }
            Integer threshold = null;
            if (given.containsKey("threshold_ms")) {
                if (!(given.get("threshold_ms") instanceof JsonNumber n) || !n.isIntegral()) {
                    throw VigilException.invalid("sli.threshold_ms must be a whole number of milliseconds");
                }
                threshold = n.bigDecimalValue().compareTo(java.math.BigDecimal.valueOf(Integer.MAX_VALUE)) > 0
                        || n.bigDecimalValue().signum() < 0 ? -1 : n.intValue();
            }
            sli = new Sli(text(given, "kind", 20), text(given, "route", 200), threshold, text(given, "check_id", 36));
        }
        Double objective = null;
        if (json.containsKey("objective")) {
            if (!(json.get("objective") instanceof JsonNumber n)) {
                throw VigilException.invalid("objective must be a number: the percent of good events, e.g. 99.9");
            }
            objective = n.doubleValue();
            if (n.bigDecimalValue().scale() > 5 || n.bigDecimalValue().precision() > 20) {
                throw VigilException.invalid("objective must be a percent from 1 up to (not including) 100, at most five decimals");
            }
            if (!(objective >= 1 && objective < 100) || n.bigDecimalValue().scale() > 5) {
                throw VigilException.invalid("objective must be a percent from 1 up to (not including) 100, at most five decimals");
            }
        }
        Period period = json.containsKey("period") ? Period.of(text(json, "period", 8)) : null;
        BurnPolicy policy = json.containsKey("policy") ? BurnPolicy.of(json.get("policy")) : null;
        Boolean enabled = null;
        if (json.containsKey("enabled")) {
            JsonValue value = json.get("enabled");
            if (value != JsonValue.TRUE && value != JsonValue.FALSE) {
                throw VigilException.invalid("enabled must be true or false");
            }
            enabled = value == JsonValue.TRUE;
        }
        return new SloSpec(name, text(json, "owner", 100), text(json, "description", 2000), text(json, "app", 36),
                json.containsKey("app"), sli, objective, period, policy, enabled);
    }

    /** A new SLO from this spec: name, sli and objective needed; rolling 30 days and google-30d unless given. */
    Slo create(String id, long now) {
        if (name == null || sli == null || objective == null) {
            throw VigilException.invalid("a new SLO needs name, sli and objective");
        }
        Slo slo = new Slo(id, name, owner == null ? "" : owner, description == null ? "" : description, app, sli, objective,
                period == null ? new Period(30) : period, policy == null ? BurnPolicy.defaults() : policy,
                enabled == null || enabled, now, now);
        return valid(slo, true);
    }

    /** The SLO with this spec's fields changed. */
    Slo apply(Slo slo, long now) {
        return valid(new Slo(slo.id(), name == null ? slo.name() : name, owner == null ? slo.owner() : owner,
                description == null ? slo.description() : description, appGiven ? app : slo.appId(),
                sli == null ? slo.sli() : sli, objective == null ? slo.objective() : objective,
                period == null ? slo.period() : period, policy == null ? slo.policy() : policy,
                enabled == null ? slo.enabled() : enabled, slo.createdAt(), now), policy != null || period != null);
    }

    private static Slo valid(Slo slo, boolean windowsChanged) {
        if (Sli.EVENTS.equals(slo.sli().kind()) && slo.appId() == null) {
            throw VigilException.invalid("an events SLI needs the app that pushes its events (app)");
        }
        if (slo.sli().telemetry() && slo.appId() == null) {
            throw VigilException.invalid("a " + slo.sli().kind() + " SLI needs the app whose telemetry it reads (app)");
        }
        int longest = slo.policy().windows().last();
        if (windowsChanged && longest > slo.period().longestMinutes()) {
            throw VigilException.invalid("the policy's " + BurnPolicy.text(longest) + " window is longer than the "
                    + slo.period().text() + " period (for a period this short: {\"preset\": \"seed-003\"}, or rules with"
                    + " shorter windows)");
        }
        return slo;
    }

    private static String text(JsonObject json, String field, int max) {
        if (!json.containsKey(field) || json.get(field) == JsonValue.NULL) {
            return null;
        }
        if (!(json.get(field) instanceof JsonString s)) {
            throw VigilException.invalid(field + " must be a string");
        }
        if (s.getString().length() > max) {
            throw VigilException.invalid(field + " is longer than " + max + " characters");
        }
        return s.getString();
    }
}
