package dev.vigil.alerting.api;

import dev.vigil.kernel.api.RunbookLinks;
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
        return RunbookLinks.url(ConfigProvider.getConfig().getOptionalValue(RunbookLinks.BASE_KEY, String.class), file);
    }
}
