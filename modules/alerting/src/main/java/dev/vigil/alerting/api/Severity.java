package dev.vigil.alerting.api;

import java.util.Locale;
import java.util.Optional;

/** How urgent an alert is; {@link #CRITICAL} pages. */
public enum Severity {
    INFO, WARNING, CRITICAL;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code info}, {@code warning} or {@code critical}, exactly. */
    public static Optional<Severity> parse(String value) {
        for (Severity severity : values()) {
            if (severity.value().equals(value)) {
                return Optional.of(severity);
            }
        }
        return Optional.empty();
    }

    /**
     * The severity a Prometheus alert's {@code severity} label means: {@code critical}, {@code page},
     * {@code error} and {@code high} page; {@code info}, {@code none} and {@code low} inform; anything
     * else (or no label) warns.
     */
    public static Severity ofPrometheusLabel(String label) {
        if (label == null) {
            return WARNING;
        }
        return switch (label.toLowerCase(Locale.ROOT)) {
            case "critical", "page", "error", "high" -> CRITICAL;
            case "info", "none", "low" -> INFO;
            default -> WARNING;
        };
    }
}
