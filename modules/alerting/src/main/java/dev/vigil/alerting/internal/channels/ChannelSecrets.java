package dev.vigil.alerting.internal.channels;

import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.SecretBox;
import dev.vigil.kernel.api.VigilException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Channel credentials at rest (signing secrets, Slack webhook URLs), sealed with the secrets key
 * ({@code vigil.secrets.key}, the previous one still opening what it sealed), as every module seals
 * its secrets; an open with the previous key counts in {@code vigil_secret_fallback_decrypts_total}.
 */
@ApplicationScoped
public class ChannelSecrets {

    private static final Metadata FALLBACK_DECRYPTS = Metadata.builder().withName("vigil_secret_fallback_decrypts")
            .withDescription("Secrets opened with the previous secrets key (a rotation not yet finished)").build();

    @Inject
    MetricRegistry metrics;

    public boolean configured() {
        return ConfigProvider.getConfig().getOptionalValue("vigil.secrets.key", String.class).isPresent();
    }

    public String seal(String secret) {
        return box().seal(secret);
    }

    public String open(String sealed) {
        SecretBox.Opened opened;
        try {
            opened = box().open(sealed);
        } catch (IllegalArgumentException e) {
            throw new VigilException(ErrorCode.MISCONFIGURED, "A channel's stored credential does not open with"
                    + " vigil.secrets.key or vigil.secrets.previous-key; set the channel's credential again");
        }
        if (opened.withPreviousKey()) {
            metrics.counter(FALLBACK_DECRYPTS).inc();
        }
        return opened.secret();
    }

    private SecretBox box() {
        var config = ConfigProvider.getConfig();
        String key = config.getOptionalValue("vigil.secrets.key", String.class).orElseThrow(() -> new VigilException(
                ErrorCode.MISCONFIGURED, "Channel credentials need vigil.secrets.key (32 random bytes, base64)"));
        return SecretBox.of(key, config.getOptionalValue("vigil.secrets.previous-key", String.class).orElse(null));
    }
}
