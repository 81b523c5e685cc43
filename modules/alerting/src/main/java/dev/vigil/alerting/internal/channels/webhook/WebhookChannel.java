package dev.vigil.alerting.internal.channels.webhook;

import dev.vigil.alerting.internal.channels.ChannelFields;
import dev.vigil.alerting.internal.channels.ChannelKind;
import dev.vigil.kernel.api.VigilException;
import dev.vigil.resilience.api.Dependencies;
import dev.vigil.resilience.api.HttpDelivery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * Vigil's generic webhook: {@code {"url", "secret"?}}. The message as JSON, signed with
 * {@code X-Vigil-Signature}; when no secret is given Vigil makes one and shows it once.
 */
@ApplicationScoped
public class WebhookChannel implements ChannelKind {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Dependencies dependencies;

    @Override
    public String type() {
        return "webhook";
    }

    @Override
    public Set<String> fields() {
        return Set.of("url", "secret");
    }

    @Override
    public Configured configure(Map<String, String> fields, Map<String, String> stored) {
        String url = ChannelFields.url("url", ChannelFields.required("url", fields, stored));
        String secret = fields.get("secret");
        if (secret != null && (secret.length() < 16 || secret.length() > 256)) {
            throw VigilException.invalid("A signing secret has 16 to 256 characters");
        }
        String shownOnce = null;
        if (secret == null && stored == null) {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            secret = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            shownOnce = secret;
        }
        return new Configured(Map.of("url", url), secret, shownOnce);
    }

    @Override
    public void send(Sending sending) {
        String signature = SignedWebhook.signature(sending.credential(), System.currentTimeMillis() / 1000,
                sending.messageText());
        HttpDelivery.post(dependencies, "webhook", URI.create(sending.settings().get("url")), "application/json",
                Map.of(SignedWebhook.HEADER, signature), sending.messageText(), sending.job());
    }
}
