package dev.vigil.alerting.api;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Where the runbook of one of Vigil's own alerts is read: {@code vigil.alerting.runbook-base-url}
 * (default {@code runbooks/}, the folder in Vigil's distribution; set it to where your team reads
 * them, e.g. your copy's URL in your Git host) and the runbook's file name.
 */
public final class Runbooks {

    private Runbooks() {
    }

    public static String url(String file) {
        String base = ConfigProvider.getConfig().getOptionalValue("vigil.alerting.runbook-base-url", String.class)
                .filter(v -> !v.isBlank()).orElse("runbooks/").strip();
        return base + (base.endsWith("/") ? "" : "/") + file;
    }
}
