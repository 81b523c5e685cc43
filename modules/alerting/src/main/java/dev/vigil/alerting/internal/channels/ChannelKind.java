package dev.vigil.alerting.internal.channels;

import jakarta.json.JsonObject;
import java.util.Map;
import java.util.Set;

/**
 * One kind of channel, each in a folder of its own: the fields an admin gives it, and how it sends
 * one notification. An {@code @ApplicationScoped} bean; {@link ChannelKinds} finds it by
 * {@link #type()}.
 */
public interface ChannelKind {

    /** The name the admin API uses, e.g. {@code webhook}. */
    String type();

    /** The fields an admin may give besides {@code name} and {@code type}; every value is a string. */
    Set<String> fields();

    /**
     * Checks an admin's fields. On an update {@code stored} holds the channel's settings and the
     * fields given replace theirs; on a create it is null.
     *
     * @throws dev.vigil.kernel.api.VigilException {@code invalid_request} for a missing or bad field
     */
    Configured configure(Map<String, String> fields, Map<String, String> stored);

    /**
     * One attempt to send.
     *
     * @throws dev.vigil.resilience.api.DeliveryFailure when the receiver failed or refused it
     * @throws dev.vigil.resilience.api.DependencyUnavailable when the dependency's breaker is open or its bulkhead full
     */
    void send(Sending sending);

    /**
     * What a create or update stores: settings in plain (never a credential), the credential to
     * seal (null: none, or on an update keep the stored one), and what is shown once to the admin
     * (a signing secret Vigil made).
     */
    record Configured(Map<String, String> settings, String credential, String shownOnce) {
    }

    /**
     * One attempt: the channel's settings, its opened credential (null when it has none), the
     * notification as {@link Message} made it, and the queued job (its id is the delivery id).
     */
    record Sending(String channelName, Map<String, String> settings, String credential, JsonObject message,
            String messageText, dev.vigil.resilience.api.QueuedJob job) {
    }
}
