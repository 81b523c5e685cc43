package dev.vigil.alerting.internal.channels.pagerduty;

import dev.vigil.alerting.internal.channels.ChannelFields;
import dev.vigil.alerting.internal.channels.ChannelKind;
import dev.vigil.kernel.api.VigilException;
import dev.vigil.resilience.api.Dependencies;
import dev.vigil.resilience.api.HttpDelivery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * PagerDuty Events API v2: {@code {"routingKey", "url"?}}. The routing key (an integration key of a
 * PagerDuty service) is sealed; the URL defaults to {@value #EVENTS_URL} (the EU service's is
 * {@code https://events.eu.pagerduty.com/v2/enqueue}). PagerDuty answers 202; a 400 (an event it
 * refuses) is permanent, a 429 or 5xx is tried again, as for every HTTP channel.
 */
@ApplicationScoped
public class PagerDutyChannel implements ChannelKind {

    static final String EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

    @Inject
    Dependencies dependencies;

    @Override
    public String type() {
        return "pagerduty";
    }

    @Override
    public Set<String> fields() {
        return Set.of("routingKey", "url");
    }

    @Override
    public Configured configure(Map<String, String> fields, Map<String, String> stored) {
        String key = fields.get("routingKey");
        if (key == null && stored == null) {
            throw VigilException.invalid("routingKey is required");
        }
        if (key != null && !key.matches("[A-Za-z0-9_-]{20,64}")) {
            throw VigilException.invalid("routingKey is a PagerDuty integration key: 20 to 64 letters and digits");
        }
        Map<String, String> settings = new HashMap<>(stored == null ? Map.of() : stored);
        String url = fields.getOrDefault("url", settings.getOrDefault("url", EVENTS_URL));
        settings.put("url", ChannelFields.url("url", url.isEmpty() ? EVENTS_URL : url));
        if (stored != null && key == null && !settings.get("url").equals(stored.get("url"))) {
            throw VigilException.invalid("Give the routingKey again when the url changes: the stored key goes only to"
                    + " the url it was given for");
        }
        return new Configured(Map.copyOf(settings), key, null);
    }

    @Override
    public void send(Sending sending) {
        if (sending.message().getString("status").equals("digest")) {
            return; // a digest is no incident: PagerDuty channels leave it out
        }
        String event = PagerDutyEvent.of(sending.credential(), sending.message()).toString();
        HttpDelivery.post(dependencies, "webhook", URI.create(sending.settings().get("url")), "application/json",
                Map.of(), event, sending.job());
    }
}
