package dev.vigil.ingest.internal.triggers;

import dev.vigil.kernel.api.RunbookLinks;
import org.eclipse.microprofile.config.ConfigProvider;

/** A trigger's runbook as a link, as alerting links its own ({@link RunbookLinks}). */
final class TriggerRunbooks {

    private TriggerRunbooks() {
    }

    static String url(String runbook) {
        return RunbookLinks.url(ConfigProvider.getConfig().getOptionalValue(RunbookLinks.BASE_KEY, String.class), runbook);
    }
}
