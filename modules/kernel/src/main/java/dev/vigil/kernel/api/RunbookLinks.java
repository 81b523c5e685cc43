package dev.vigil.kernel.api;

import java.util.Optional;

/**
 * Where a runbook is read: an http(s) URL as written, or a file name under the configured base
 * ({@value #BASE_KEY}, default {@code runbooks/}, the folder in Vigil's distribution). In the kernel
 * so that every module links its runbooks alike; each reads the base from its own configuration.
 */
public final class RunbookLinks {

    /** The configuration key of the base every runbook file name is read under. */
    public static final String BASE_KEY = "vigil.alerting.runbook-base-url";

    private RunbookLinks() {
    }

    /** The runbook's link; empty for none. */
    public static String url(Optional<String> configuredBase, String runbook) {
        if (runbook == null || runbook.isEmpty() || runbook.startsWith("http://") || runbook.startsWith("https://")) {
            return runbook == null ? "" : runbook;
        }
        String base = configuredBase.filter(v -> !v.isBlank()).orElse("runbooks/").strip();
        return base + (base.endsWith("/") ? "" : "/") + runbook;
    }
}
