package dev.vigil.alerting.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An alert as its source states it. Its labels say what it is about and are what routes, groups
 * and silences match; {@code alertname} is added from {@code name} and {@code severity} from the
 * severity when the labels do not carry them. The alert's identity is the dedup key when there is
 * one, else the fingerprint of its sorted labels: raising the same identity again updates that
 * alert.
 *
 * @param source who raised it: a module ({@code limits}, {@code ops}), {@code api} or {@code alertmanager}
 * @param dedupKey at most 255 characters, or null
 * @param at when it started (firing) or ended (resolved); null for now
 */
public record AlertSignal(String source, String name, Severity severity, Map<String, String> labels,
        Map<String, String> annotations, String dedupKey, Instant at) {

    public AlertSignal {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(severity, "severity");
        TreeMap<String, String> all = new TreeMap<>(labels == null ? Map.of() : labels);
        all.putIfAbsent("alertname", name);
        all.putIfAbsent("severity", severity.value());
        labels = Map.copyOf(all);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** An alert of one of Vigil's own modules, with its runbook. */
    public static AlertSignal of(String source, String name, Severity severity, Map<String, String> labels,
            String summary, String runbookUrl) {
        return new AlertSignal(source, name, severity, labels, Map.of("summary", summary, "runbook_url", runbookUrl),
                null, null);
    }
}
