package dev.vigil.ops.internal.slo;

import dev.vigil.kernel.api.Durations;
import dev.vigil.kernel.api.VigilException;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * When an SLO alerts: rules over a long and (optionally) a short window, each burning when the error
 * ratio over both windows exceeds {@code factor × (1 − objective)} and the long window saw at least
 * {@code minEvents} events. Policies are data; the presets are Sloth's {@code google-30d} and seed
 * 003's three windows with warning levels.
 */
public record BurnPolicy(String preset, List<Rule> rules, long budgetMinEvents) {

    /**
     * Events a period needs before an exhausted budget pages: a calendar month's first request
     * failing is 100 % of the period's errors, which would otherwise page at 00:01 on the 1st.
     */
    public static final long DEFAULT_BUDGET_MIN_EVENTS = 100;

    /** The most rules a policy may have, and the longest window (a rolling period's length). */
    static final int MAX_RULES = 12;
    static final int MAX_WINDOW_MINUTES = 90 * 24 * 60;

    /**
     * One rule. Its alert's {@code window} label is {@link #window()} ({@code 1h/5m}, or {@code 1h}
     * without a short window).
     */
    public record Rule(Severity severity, int longMinutes, int shortMinutes, double factor, long minEvents) {

        public Rule {
            if (longMinutes < 1 || longMinutes > MAX_WINDOW_MINUTES || shortMinutes < 0 || shortMinutes > longMinutes) {
                throw VigilException.invalid("a rule's windows must be 1m .. 90d, the short one no longer than the long one");
            }
            if (!(factor > 0) || factor > 100_000) {
                throw VigilException.invalid("a rule's factor must be above 0 (and at most 100000)");
            }
            if (minEvents < 0 || minEvents > 1_000_000_000L) {
                throw VigilException.invalid("a rule's min_events must be 0 .. 1000000000");
            }
        }

        public String window() {
            return shortMinutes == 0 ? text(longMinutes) : text(longMinutes) + "/" + text(shortMinutes);
        }

        /** Identity of the rule within its SLO: window and severity, as its alert's labels. */
        public String key() {
            return window() + ":" + severity.value();
        }
    }

    /** Page (critical) or ticket (warning). */
    public enum Severity {
        CRITICAL("critical"), WARNING("warning");

        private final String value;

        Severity(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        static Severity of(String text) {
            return switch (text) {
                case "critical", "page" -> CRITICAL;
                case "warning", "ticket" -> WARNING;
                default -> throw VigilException.invalid("severity must be critical (page) or warning (ticket)");
            };
        }
    }

    public static final String GOOGLE_30D = "google-30d";
    public static final String SEED_003 = "seed-003";

    private static final Map<String, List<Rule>> PRESETS = Map.of(
            // Sloth's google-30d: page on 1h & 5m at 14.4x or 6h & 30m at 6x; ticket on 1d & 2h at 3x or 3d & 6h at 1x.
            GOOGLE_30D, List.of(
                    new Rule(Severity.CRITICAL, 60, 5, 14.4, 10),
                    new Rule(Severity.CRITICAL, 360, 30, 6, 10),
                    new Rule(Severity.WARNING, 1440, 120, 3, 10),
                    new Rule(Severity.WARNING, 4320, 360, 1, 10)),
            // Seed 003: 1h / 6h / 24h at 14x / 6x / 3x critical and 7x / 3x / 1.5x warning, at least 3 / 10 / 30 events.
            SEED_003, List.of(
                    new Rule(Severity.CRITICAL, 60, 0, 14, 3),
                    new Rule(Severity.WARNING, 60, 0, 7, 3),
                    new Rule(Severity.CRITICAL, 360, 0, 6, 10),
                    new Rule(Severity.WARNING, 360, 0, 3, 10),
                    new Rule(Severity.CRITICAL, 1440, 0, 3, 30),
                    new Rule(Severity.WARNING, 1440, 0, 1.5, 30)));

    public BurnPolicy(String preset, List<Rule> rules) {
        this(preset, rules, DEFAULT_BUDGET_MIN_EVENTS);
    }

    public BurnPolicy {
        rules = List.copyOf(rules);
        if (budgetMinEvents < 0 || budgetMinEvents > 1_000_000_000L) {
            throw VigilException.invalid("budget_min_events must be 0 .. 1000000000");
        }
        if (rules.size() > MAX_RULES) {
            throw VigilException.invalid("a policy has at most " + MAX_RULES + " rules");
        }
        if (rules.stream().map(Rule::key).distinct().count() != rules.size()) {
            throw VigilException.invalid("two rules of a policy have the same window and severity");
        }
    }

    public static BurnPolicy preset(String name) {
        List<Rule> rules = PRESETS.get(name);
        if (rules == null) {
            throw VigilException.invalid("unknown policy preset '" + name + "' (known: " + GOOGLE_30D + ", " + SEED_003 + ")");
        }
        return new BurnPolicy(name, rules);
    }

    public static BurnPolicy defaults() {
        return preset(GOOGLE_30D);
    }

    /**
     * Reads {@code {"preset": "google-30d"}}, optionally with {@code "min_events": n} for every rule,
     * or {@code {"rules": [{"severity": "critical", "long": "1h", "short": "5m", "factor": 14.4, "min_events": 10}]}}.
     */
    public static BurnPolicy of(JsonValue json) {
        if (!(json instanceof JsonObject object)) {
            throw VigilException.invalid("policy must be an object: {\"preset\": \"google-30d\"} or {\"rules\": [...]}");
        }
        Long minEvents = object.containsKey("min_events") ? longOf(object.get("min_events"), "min_events") : null;
        long budgetMinEvents = object.containsKey("budget_min_events")
                ? longOf(object.get("budget_min_events"), "budget_min_events") : DEFAULT_BUDGET_MIN_EVENTS;
        for (String field : object.keySet()) {
            if (!List.of("preset", "rules", "min_events", "budget_min_events").contains(field)) {
                throw VigilException.invalid("unknown policy field '" + field + "' (known: preset, rules, min_events,"
                        + " budget_min_events)");
            }
        }
        if (object.containsKey("preset") && !object.containsKey("rules")) {
            BurnPolicy preset = preset(string(object.get("preset"), "preset"));
            return new BurnPolicy(preset.preset(), minEvents == null ? preset.rules() : preset.rules().stream()
                    .map(r -> new Rule(r.severity(), r.longMinutes(), r.shortMinutes(), r.factor(), minEvents)).toList(),
                    budgetMinEvents);
        }
        // With rules, a preset's name only says where they came from (as a stored policy keeps it).
        String presetName = object.containsKey("preset") ? string(object.get("preset"), "preset") : null;
        if (presetName != null && !PRESETS.containsKey(presetName)) {
            presetName = null;
        }
        if (!(object.get("rules") instanceof jakarta.json.JsonArray array) || array.isEmpty()) {
            throw VigilException.invalid("policy needs a preset or a non-empty list of rules");
        }
        if (array.size() > MAX_RULES) {
            throw VigilException.invalid("a policy has at most " + MAX_RULES + " rules");
        }
        List<Rule> rules = new ArrayList<>();
        for (JsonValue value : array) {
            if (!(value instanceof JsonObject rule)) {
                throw VigilException.invalid("each rule is an object with severity, long, short, factor, min_events");
            }
            int shortMinutes = rule.containsKey("short") && rule.get("short") != JsonValue.NULL
                    ? minutes(string(rule.get("short"), "short")) : 0;
            long events = rule.containsKey("min_events") ? longOf(rule.get("min_events"), "min_events")
                    : minEvents == null ? 0 : minEvents;
            if (!(rule.get("factor") instanceof JsonNumber factor) || !Double.isFinite(factor.doubleValue())) {
                throw VigilException.invalid("each rule needs a numeric factor (e.g. 14.4)");
            }
            rules.add(new Rule(Severity.of(string(rule.get("severity"), "severity")), minutes(string(rule.get("long"), "long")),
                    shortMinutes, factor.doubleValue(), events));
        }
        return new BurnPolicy(presetName, rules, budgetMinEvents);
    }

    public JsonObject toJson() {
        JsonArrayBuilder rules = Json.createArrayBuilder();
        for (Rule rule : this.rules) {
            var r = Json.createObjectBuilder().add("severity", rule.severity().value()).add("long", text(rule.longMinutes()));
            if (rule.shortMinutes() > 0) {
                r.add("short", text(rule.shortMinutes()));
            }
            rules.add(r.add("factor", rule.factor()).add("min_events", rule.minEvents()).add("window", rule.window()));
        }
        var json = Json.createObjectBuilder();
        if (preset != null) {
            json.add("preset", preset);
        }
        return json.add("rules", rules).add("budget_min_events", budgetMinEvents).build();
    }

    /** Every window length the rules read, in minutes. */
    public TreeSet<Integer> windows() {
        TreeSet<Integer> windows = new TreeSet<>();
        for (Rule rule : rules) {
            windows.add(rule.longMinutes());
            if (rule.shortMinutes() > 0) {
                windows.add(rule.shortMinutes());
            }
        }
        return windows;
    }

    static int minutes(String text) {
        Duration duration;
        try {
            duration = Durations.parse(text);
        } catch (RuntimeException e) {
            throw VigilException.invalid("'" + text + "' is not a window such as 5m, 1h or 3d");
        }
        if (duration.toSeconds() % 60 != 0 || duration.toMinutes() < 1 || duration.toMinutes() > MAX_WINDOW_MINUTES) {
            throw VigilException.invalid("window '" + text + "' must be whole minutes, 1m .. 90d");
        }
        return (int) duration.toMinutes();
    }

    /** {@code 5m}, {@code 6h}, {@code 3d}: the largest unit that divides the window. */
    static String text(int minutes) {
        if (minutes % 1440 == 0) {
            return minutes / 1440 + "d";
        }
        return minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "m";
    }

    private static String string(JsonValue value, String name) {
        if (!(value instanceof JsonString s)) {
            throw VigilException.invalid(name + " must be a string");
        }
        return s.getString();
    }

    private static long longOf(JsonValue value, String name) {
        if (!(value instanceof JsonNumber n) || !n.isIntegral()
                || n.bigDecimalValue().abs().compareTo(java.math.BigDecimal.valueOf(1_000_000_000_000L)) > 0) {
            throw VigilException.invalid(name + " must be a whole number (at most 1000000000)");
        }
        return n.longValue();
    }
}
