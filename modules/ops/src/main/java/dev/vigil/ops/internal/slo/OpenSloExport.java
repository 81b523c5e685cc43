package dev.vigil.ops.internal.slo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.representer.Representer;

/** Vigil's SLOs as OpenSLO v1 documents, which {@link OpenSlo} reads back to the same SLOs. */
final class OpenSloExport {

    private OpenSloExport() {
    }

    /** One SLO as an OpenSLO v1 document (a map, for YAML or JSON). */
    static Map<String, Object> write(Slo slo) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("apiVersion", OpenSlo.API_VERSION);
        document.put("kind", "SLO");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", slo.name());
        metadata.put("displayName", slo.name());
        Map<String, Object> sloAnnotations = new LinkedHashMap<>();
        if (slo.appId() != null) {
            sloAnnotations.put(OpenSlo.APP, slo.appId());
        }
        sloAnnotations.put(OpenSlo.BUDGET_MIN_EVENTS, Long.toString(slo.policy().budgetMinEvents()));
        metadata.put("annotations", sloAnnotations);
        document.put("metadata", metadata);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("description", slo.description());
        spec.put("service", slo.owner().isEmpty() ? "vigil" : slo.owner());
        Map<String, Object> sli = SloViews.sli(slo.sli());
        Map<String, Object> source = Map.of("metricSource", Map.of("type", "Vigil", "spec", sli));
        spec.put("indicator", Map.of("metadata", Map.of("name", slo.name() + "-sli"),
                "spec", Map.of("ratioMetric", Map.of("counter", true, "good", source, "total", source))));
        spec.put("timeWindow", List.of(slo.period().calendarMonth()
                ? Map.of("duration", "1M", "isRolling", false, "calendar", Map.of("startTime", "2020-01-01 00:00:00",
                        "timeZone", "UTC"))
                : Map.of("duration", slo.period().text(), "isRolling", true)));
        spec.put("budgetingMethod", "Occurrences");
        spec.put("objectives", List.of(Map.of("displayName", slo.name(), "target",
                java.math.BigDecimal.valueOf(slo.objective()).movePointLeft(2).doubleValue())));
        List<Object> conditions = new ArrayList<>();
        for (BurnPolicy.Rule rule : slo.policy().rules()) {
            Map<String, Object> annotations = new LinkedHashMap<>();
            if (rule.shortMinutes() > 0) {
                annotations.put(OpenSlo.SHORT, BurnPolicy.text(rule.shortMinutes()));
            }
            annotations.put(OpenSlo.MIN_EVENTS, Long.toString(rule.minEvents()));
            conditions.add(Map.of("kind", "AlertCondition",
                    "metadata", Map.of("name", rule.window().replace('/', '-') + "-" + rule.severity().value(),
                            "annotations", annotations),
                    "spec", Map.of("severity", rule.severity() == BurnPolicy.Severity.CRITICAL ? "page" : "ticket",
                            "condition", Map.of("kind", "burnrate", "op", "gt", "threshold", rule.factor(),
                                    "lookbackWindow", BurnPolicy.text(rule.longMinutes()), "alertAfter", "0m"))));
        }
        spec.put("alertPolicies", List.of(Map.of("kind", "AlertPolicy", "metadata", Map.of("name", slo.name() + "-burn"),
                "spec", Map.of("alertWhenBreaching", true, "alertWhenResolved", true, "alertWhenNoData", false,
                        "conditions", conditions))));
        document.put("spec", spec);
        return document;
    }

    static String yaml(List<Slo> slos) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Yaml yaml = new Yaml(new Representer(options), options);
        return yaml.dumpAll(slos.stream().map(OpenSloExport::write).iterator());
    }
}
