package dev.vigil.intake.internal.webhooks;

import dev.vigil.kernel.api.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RunAs;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a webhook sender's request may do with the data, as the system identity: a sender has no
 * role (it proves itself with a signature, which Vigil's code checks), so the delivery endpoint and
 * its rate-limit subject reach {@link WebhookData} through here - the source to verify against, the
 * names of the sources, and storing an accepted delivery. Nothing here returns data to the sender.
 */
@Stateless
@PermitAll
@RunAs(Roles.SYSTEM)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class WebhookReceiver {

    @Inject
    WebhookData data;

    public Optional<WebhookData.Source> source(String name) {
        return data.source(name);
    }

    public List<WebhookData.Source> sources() {
        return data.sources();
    }

    /** See {@link WebhookData#insertDelivery}: false for a replay. */
    public boolean store(String id, String sourceId, String deliveryId, String contentHash, Instant receivedAt,
            String contentType, String body) throws SQLException {
        return data.insertDelivery(id, sourceId, deliveryId, contentHash, receivedAt, contentType, body);
    }
}
