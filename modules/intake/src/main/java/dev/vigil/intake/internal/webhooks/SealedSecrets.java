package dev.vigil.intake.internal.webhooks;

import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.SecretBox;
import dev.vigil.kernel.api.VigilException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Webhook signing secrets at rest, sealed with {@code vigil.secrets.key} (32 random bytes, base64;
 * env {@code VIGIL_SECRETS_KEY}); {@code vigil.secrets.previous-key} still opens secrets sealed
 * before a rotation, each such open counted in {@code vigil_secret_fallback_decrypts_total}.
 */
@ApplicationScoped
public class SealedSecrets {

    private static final Metadata SECRET_FALLBACK_DECRYPTS = Metadata.builder().withName("vigil_secret_fallback_decrypts")
            .withDescription("Secrets opened with the previous secrets key (a rotation not yet finished)").build();

    static final String KEY = "vigil.secrets.key";
    static final String PREVIOUS_KEY = "vigil.secrets.previous-key";

    @Inject
    MetricRegistry metrics;

    private volatile SecretBox box;

    public String seal(String secret) {
        return box().seal(secret);
    }

    public String open(String sealed) {
        SecretBox.Opened opened;
        try {
            opened = box().open(sealed);
        } catch (IllegalArgumentException e) {
            throw new VigilException(ErrorCode.MISCONFIGURED, "A stored webhook secret does not open with "
                    + KEY + " or " + PREVIOUS_KEY + "; set the secret again");
        }
        if (opened.withPreviousKey()) {
            metrics.counter(SECRET_FALLBACK_DECRYPTS).inc();
        }
        return opened.secret();
    }

    /**
     * The secret sealed again with the current key, when it was sealed with the previous one;
     * empty when it already is sealed with the current key. (Not counted as a fallback decrypt: the
     * counter tells whether live traffic still needs the previous key.)
     *
     * @throws IllegalArgumentException when neither key opens it
     */
    public Optional<String> resealed(String sealed) {
        SecretBox current = box();
        if (!current.needsReseal(sealed)) {
            return Optional.empty();
        }
        return Optional.of(current.seal(current.open(sealed).secret()));
    }

    /** Whether a secrets key is configured at all. */
    public boolean configured() {
        return ConfigProvider.getConfig().getOptionalValue(KEY, String.class).isPresent();
    }

    private SecretBox box() {
        SecretBox current = box;
        if (current == null) {
            var config = ConfigProvider.getConfig();
            String key = config.getOptionalValue(KEY, String.class).orElseThrow(() -> new VigilException(
                    ErrorCode.MISCONFIGURED, "Set " + KEY + " (VIGIL_SECRETS_KEY) to 32 random bytes in base64,"
                    + " e.g. from 'openssl rand -base64 32', to store webhook secrets"));
            try {
                current = SecretBox.of(key, config.getOptionalValue(PREVIOUS_KEY, String.class).orElse(null));
            } catch (IllegalArgumentException e) {
                throw new VigilException(ErrorCode.MISCONFIGURED, KEY + " / " + PREVIOUS_KEY + ": " + e.getMessage());
            }
            box = current;
        }
        return current;
    }
}
