package dev.vigil.ops.internal.slo;

import dev.vigil.kernel.api.VigilException;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * OpenSLO v1 {@code SLO} documents read into Vigil's SLOs ({@link OpenSloExport} writes them), the subset
 * that maps onto them:
 * <ul>
 * <li>{@code metadata.name} → name, {@code spec.service} → owner, {@code spec.description};</li>
 * <li>one objective, {@code target} (0..1) or {@code targetPercent};</li>
 * <li>{@code timeWindow}: rolling whole days or weeks ({@code 30d}, {@code 4w}), or the calendar month
 * ({@code 1M}, not rolling, UTC); {@code budgetingMethod: Occurrences} only;</li>
 * <li>the indicator (inline, or {@code indicatorRef} to an {@code SLI} in the same stream) as a
 * {@code ratioMetric}: a {@code metricSource} of type {@code Vigil} carries Vigil's SLI in its
 * {@code spec} ({@code kind}, {@code route}, {@code threshold_ms}, {@code check_id}); any other
 * source (Prometheus, Datadog, ...) is taken as an {@code events} SLI pushed by the app given;</li>
 * <li>{@code alertPolicies} (inline or {@code alertPolicyRef}; their conditions inline or
 * {@code conditionRef}) with {@code burnrate} conditions: {@code lookbackWindow} → the long window,
 * {@code threshold} → the factor, {@code severity} page → critical, else warning; Vigil's short
 * window and minimum of events travel as the annotations {@code vigil.dev/short-window} and
 * {@code vigil.dev/min-events}. Without alert policies, the default policy.</li>
 * <li>an events SLI's app and the policy's {@code budget_min_events} as the annotations {@code vigil.dev/app} and
 * {@code vigil.dev/budget-min-events} of the SLO's metadata.</li>
 * </ul>
 */
final class OpenSlo {

    static final String API_VERSION = "openslo/v1";
    static final int MAX_DOCUMENTS = 500;
    static final String SHORT = "vigil.dev/short-window";
    static final String MIN_EVENTS = "vigil.dev/min-events";
    static final String APP = "vigil.dev/app";
    static final String BUDGET_MIN_EVENTS = "vigil.dev/budget-min-events";

    private OpenSlo() {
    }

    /** Reads a YAML (or JSON) stream of OpenSLO documents; answers the specs of its SLOs. */
    static List<SloSpec> read(String text, String app) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(30);
        options.setCodePointLimit(1_100_000);
        options.setAllowDuplicateKeys(false);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        List<Map<String, Object>> documents = new ArrayList<>();
        try {
            for (Object document : yaml.loadAll(text)) {
                if (document == null) {
                    continue;
                }
                if (!(document instanceof Map<?, ?> map)) {
                    throw VigilException.invalid("each OpenSLO document is a mapping with apiVersion, kind, metadata, spec");
                }
                if (documents.size() >= MAX_DOCUMENTS) {
                    throw VigilException.invalid("at most " + MAX_DOCUMENTS + " documents in one import");
                }
                documents.add(cast(map));
            }
        } catch (YAMLException | ClassCastException e) {
            throw VigilException.invalid("not OpenSLO YAML or JSON: " + firstLine(e.getMessage()));
        }
        Map<String, Map<String, Object>> named = new LinkedHashMap<>();
        for (Map<String, Object> document : documents) {
            if (!API_VERSION.equals(document.get("apiVersion"))) {
                throw VigilException.invalid("apiVersion must be " + API_VERSION + " (was " + document.get("apiVersion") + ")");
            }
            named.put(document.get("kind") + "/" + name(document), document);
        }
        List<SloSpec> specs = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Map<String, Object> document : documents) {
            if ("SLO".equals(document.get("kind"))) {
                if (!names.add(name(document))) {
                    throw VigilException.invalid("SLO " + name(document) + " is in the import twice");
                }
                specs.add(slo(document, named, app));
            } else if (!List.of("SLI", "AlertPolicy", "AlertCondition", "Service", "DataSource", "AlertNotificationTarget")
                    .contains(String.valueOf(document.get("kind")))) {
                throw VigilException.invalid("unknown OpenSLO kind '" + document.get("kind") + "'");
            }
        }
        if (specs.isEmpty()) {
            throw VigilException.invalid("no document of kind SLO");
        }
        return specs;
    }

    private static SloSpec slo(Map<String, Object> document, Map<String, Map<String, Object>> named, String app) {
        String name = name(document);
        Map<String, Object> spec = map(document.get("spec"), "SLO " + name + ": spec");
        Object method = spec.getOrDefault("budgetingMethod", "Occurrences");
        if (!"Occurrences".equals(method)) {
            throw VigilException.invalid("SLO " + name + ": budgetingMethod " + method + " is not supported (Occurrences only)");
        }
        JsonObjectBuilder json = Json.createObjectBuilder().add("name", name);
        json.add("owner", spec.get("service") == null ? "" : text(spec.get("service")));
        json.add("description", spec.get("description") == null ? "" : text(spec.get("description")));
        List<Object> objectives = list(spec.get("objectives"), "SLO " + name + ": objectives");
        if (objectives.size() != 1) {
            throw VigilException.invalid("SLO " + name + ": exactly one objective is supported");
        }
        Map<String, Object> objective = map(objectives.get(0), "SLO " + name + ": objective");
        double percent;
        if (objective.get("targetPercent") instanceof Number p && Double.isFinite(p.doubleValue())) {
            percent = p.doubleValue();
        } else if (objective.get("target") instanceof Number t && Double.isFinite(t.doubleValue())) {
            percent = java.math.BigDecimal.valueOf(t.doubleValue()).movePointRight(2).doubleValue();
        } else {
            throw VigilException.invalid("SLO " + name + ": the objective needs target (0..1) or targetPercent");
        }
        json.add("objective", percent);
        json.add("period", period(spec.get("timeWindow"), name));

        Map<String, Object> indicator;
        if (spec.get("indicator") != null) {
            indicator = map(spec.get("indicator"), "SLO " + name + ": indicator");
        } else if (spec.get("indicatorRef") instanceof String ref && named.containsKey("SLI/" + ref.toLowerCase(Locale.ROOT))) {
            indicator = named.get("SLI/" + ref.toLowerCase(Locale.ROOT));
        } else {
            throw VigilException.invalid("SLO " + name + ": an indicator, inline or by indicatorRef to an SLI in the same import");
        }
        Map<String, Object> ratio = map(map(indicator.get("spec"), "SLO " + name + ": indicator spec").get("ratioMetric"),
                "SLO " + name + ": indicator.spec.ratioMetric (thresholdMetric is not supported)");
        Map<String, Object> good = map(ratio.get("good"), "SLO " + name + ": ratioMetric.good");
        Map<String, Object> source = map(good.get("metricSource"), "SLO " + name + ": ratioMetric.good.metricSource");
        if ("Vigil".equals(source.get("type"))) {
            Map<String, Object> sli = map(source.get("spec"), "SLO " + name + ": the Vigil metricSource's spec");
            JsonObjectBuilder s = Json.createObjectBuilder();
            ((Map<?, ?>) sli).forEach((k, v) -> {
                if (!(k instanceof String key)) {
                    throw VigilException.invalid("SLO " + name + ": the Vigil metricSource's spec has a key that is not text");
                } else if (v instanceof Number n) {
                    s.add(key, new java.math.BigDecimal(n.toString().matches("-?\\d+") ? n.toString() : "-1"));
                } else if (v != null) {
                    s.add(key, text(v));
                }
            });
            json.add("sli", s);
            if (document.get("metadata") instanceof Map<?, ?> metadata && metadata.get("annotations") instanceof Map<?, ?> a
                    && a.get(APP) instanceof String owner && app == null) {
                json.add("app", owner);
            }
        } else {
            if (app == null) {
                throw VigilException.invalid("SLO " + name + ": its metric source (" + source.get("type") + ") is not Vigil's;"
                        + " import with ?app=<id> to take it as an events SLI that app pushes");
            }
            json.add("sli", Json.createObjectBuilder().add("kind", Sli.EVENTS));
        }
        if (app != null) {
            json.add("app", app);
        }
        List<Object> policies = spec.get("alertPolicies") == null ? List.of()
                : list(spec.get("alertPolicies"), "SLO " + name + ": alertPolicies");
        Object budgetMinEvents = document.get("metadata") instanceof Map<?, ?> metadata
                && metadata.get("annotations") instanceof Map<?, ?> a ? a.get(BUDGET_MIN_EVENTS) : null;
        if (!policies.isEmpty() || budgetMinEvents != null) {
            var policy = policies.isEmpty() ? Json.createObjectBuilder().add("preset", BurnPolicy.GOOGLE_30D)
                    : Json.createObjectBuilder().add("rules", rules(policies, named, name));
            if (budgetMinEvents != null) {
                try {
                    policy.add("budget_min_events", Long.parseLong(String.valueOf(budgetMinEvents)));
                } catch (NumberFormatException e) {
                    throw VigilException.invalid("SLO " + name + ": " + BUDGET_MIN_EVENTS + " must be a whole number");
                }
            }
            json.add("policy", policy);
        }
        return SloSpec.of(json.build());
    }

    private static jakarta.json.JsonArrayBuilder rules(List<Object> policies, Map<String, Map<String, Object>> named,
            String slo) {
        jakarta.json.JsonArrayBuilder rules = Json.createArrayBuilder();
        int count = 0;
        for (Object entry : policies) {
            Map<String, Object> policy = map(entry, "SLO " + slo + ": alert policy");
            if (policy.get("alertPolicyRef") instanceof String ref) {
                policy = named.get("AlertPolicy/" + ref.toLowerCase(Locale.ROOT));
                if (policy == null) {
                    throw VigilException.invalid("SLO " + slo + ": no AlertPolicy " + ref + " in the import");
                }
            }
            Map<String, Object> spec = map(policy.get("spec"), "SLO " + slo + ": alert policy spec");
            for (Object c : list(spec.get("conditions"), "SLO " + slo + ": alert policy conditions")) {
                Map<String, Object> condition = map(c, "SLO " + slo + ": alert condition");
                if (condition.get("conditionRef") instanceof String ref) {
                    condition = named.get("AlertCondition/" + ref.toLowerCase(Locale.ROOT));
                    if (condition == null) {
                        throw VigilException.invalid("SLO " + slo + ": no AlertCondition " + ref + " in the import");
                    }
                }
                if (++count > BurnPolicy.MAX_RULES) {
                    throw VigilException.invalid("SLO " + slo + ": at most " + BurnPolicy.MAX_RULES + " alert conditions");
                }
                Map<String, Object> cspec = map(condition.get("spec"), "SLO " + slo + ": alert condition spec");
                Map<String, Object> burn = map(cspec.get("condition"), "SLO " + slo + ": condition");
                if (!"burnrate".equals(burn.get("kind")) || !List.of("gt", "gte").contains(String.valueOf(burn.get("op")))
                        || !(burn.get("threshold") instanceof Number threshold) || !Double.isFinite(threshold.doubleValue())) {
                    throw VigilException.invalid("SLO " + slo + ": only burnrate conditions with op gt or gte and a"
                            + " numeric threshold are supported");
                }
                Map<String, Object> annotations = condition.get("metadata") instanceof Map<?, ?> m
                        && m.get("annotations") instanceof Map<?, ?> a ? cast(a) : Map.of();
                var rule = Json.createObjectBuilder()
                        .add("severity", "page".equalsIgnoreCase(String.valueOf(cspec.get("severity")))
                                || "critical".equalsIgnoreCase(String.valueOf(cspec.get("severity"))) ? "critical" : "warning")
                        .add("long", text(burn.get("lookbackWindow")))
                        .add("factor", threshold.doubleValue());
                if (annotations.get(SHORT) != null) {
                    rule.add("short", text(annotations.get(SHORT)));
                }
                if (annotations.get(MIN_EVENTS) != null) {
                    try {
                        rule.add("min_events", Long.parseLong(text(annotations.get(MIN_EVENTS))));
                    } catch (NumberFormatException e) {
                        throw VigilException.invalid("SLO " + slo + ": " + MIN_EVENTS + " must be a whole number");
                    }
                }
                rules.add(rule);
            }
        }
        return rules;
    }

    private static String period(Object windows, String slo) {
        if (windows == null) {
            return "30d";
        }
        List<Object> list = list(windows, "SLO " + slo + ": timeWindow");
        if (list.size() != 1) {
            throw VigilException.invalid("SLO " + slo + ": exactly one timeWindow");
        }
        Map<String, Object> window = map(list.get(0), "SLO " + slo + ": timeWindow");
        String duration = String.valueOf(window.get("duration"));
        boolean rolling = Boolean.TRUE.equals(window.get("isRolling"));
        if (!rolling) {
            Object zone = window.get("calendar") instanceof Map<?, ?> calendar ? calendar.get("timeZone") : "UTC";
            if (!"1M".equals(duration) || !List.of("UTC", "Etc/UTC").contains(String.valueOf(zone))) {
                throw VigilException.invalid("SLO " + slo + ": a calendar timeWindow must be 1M in UTC (Vigil's calendar month)");
            }
            return "month";
        }
        if (duration.matches("\\d{1,2}d")) {
            return duration;
        }
        if (duration.matches("\\d{1,2}w")) {
            return Integer.parseInt(duration.substring(0, duration.length() - 1)) * 7 + "d";
        }
        throw VigilException.invalid("SLO " + slo + ": a rolling timeWindow must be whole days or weeks (e.g. 30d, 4w)");
    }

    private static String name(Map<String, Object> document) {
        if (!(document.get("metadata") instanceof Map<?, ?> metadata) || !(metadata.get("name") instanceof String name)) {
            throw VigilException.invalid("each OpenSLO document needs metadata.name");
        }
        return name.toLowerCase(Locale.ROOT);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    private static Map<String, Object> map(Object value, String what) {
        if (!(value instanceof Map<?, ?> map)) {
            throw VigilException.invalid(what + " must be a mapping");
        }
        return cast(map);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value, String what) {
        if (!(value instanceof List<?> list)) {
            throw VigilException.invalid(what + " must be a list");
        }
        return (List<Object>) list;
    }

    private static String text(Object value) {
        String text = String.valueOf(value);
        return text.length() > 2000 ? text.substring(0, 2000) : text;
    }

    private static String firstLine(String message) {
        String line = message == null ? "" : message.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) : line;
    }

}
