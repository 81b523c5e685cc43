package dev.vigil.ingest.internal.triggers;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A trigger's runbook as a link: an http(s) URL as written, a file name under
 * {@code vigil.alerting.runbook-base-url} (default {@code runbooks/}), as alerting links its own.
 */
final class TriggerRunbooks {

    private TriggerRunbooks() {
    }

    static String url(String runbook) {
        if (runbook == null || runbook.isEmpty() || runbook.startsWith("http://") || runbook.startsWith("https://")) {
            return runbook == null ? "" : runbook;
        }
        String base = ConfigProvider.getConfig().getOptionalValue("vigil.alerting.runbook-base-url", String.class)
                .filter(v -> !v.isBlank()).orElse("runbooks/").strip();
        return base + (base.endsWith("/") ? "" : "/") + runbook;
    }
}
