package dev.vigil.alerting.internal.channels.slack;

import dev.vigil.alerting.internal.channels.ChannelFields;
import dev.vigil.alerting.internal.channels.ChannelKind;
import dev.vigil.resilience.api.Dependencies;
import dev.vigil.resilience.api.HttpDelivery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * A Slack incoming webhook, also Mattermost's Slack-compatible one: {@code {"url"}}. The URL is the
 * credential (whoever has it can post), so it is sealed and never shown again.
 */
@ApplicationScoped
public class SlackChannel implements ChannelKind {

    @Inject
    Dependencies dependencies;

    @Override
    public String type() {
        return "slack";
    }

    @Override
    public Set<String> fields() {
        return Set.of("url");
    }

    @Override
    public Configured configure(Map<String, String> fields, Map<String, String> stored) {
        String url = fields.get("url");
        if (url == null && stored != null) {
            return new Configured(Map.of(), null, null); // keeps the sealed URL
        }
        return new Configured(Map.of(), ChannelFields.url("url", ChannelFields.required("url", fields, null)), null);
    }

    @Override
    public void send(Sending sending) {
        HttpDelivery.post(dependencies, "webhook", URI.create(sending.credential()), "application/json", Map.of(),
                SlackBlocks.of(sending.message()).toString(), sending.job());
    }
}
