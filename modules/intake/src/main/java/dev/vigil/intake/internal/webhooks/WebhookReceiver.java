package dev.vigil.intake.internal.webhooks;

import dev.vigil.kernel.api.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RunAs;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a webhook sender's request may do with the data, as the system identity: a sender has no
 * role (it proves itself with a signature), so the delivery endpoint and its rate-limit subject
 * reach {@link WebhookData} only through here. Secrets never leave this bean: it looks the source
 * up, checks the size and the signature itself, and answers with the verdict; it stores only a
 * delivery it has verified; and it hands out source names and ids, nothing more.
 */
@Stateless
@PermitAll
@RunAs(Roles.SYSTEM)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class WebhookReceiver {

    /** The names sources are created with; anything else is no source, without asking anyone. */
    public static final String NAME_PATTERN = "[a-z0-9][a-z0-9_-]{1,63}";
    private static final Pattern NAME = Pattern.compile(NAME_PATTERN);

    @Inject
    WebhookData data;

    @Inject
    SealedSecrets secrets;

    /** A registered source as a sender's request may know it: no secret. */
    public record Known(String id, String name, SignatureScheme scheme) {
    }

    public enum Outcome { UNKNOWN, TOO_LARGE, BAD_SIGNATURE, GENUINE }

    /**
     * What a delivery proved. {@code source} is empty for an unknown name; {@code signedPrefix} is
     * set when the signature is genuine (what it signed before the body, for the content hash).
     */
    public record Verdict(Outcome outcome, Optional<Known> source, String reason, byte[] signedPrefix) {

        /** The verdict on a name no source can have, reached without a lookup. */
        public static Verdict noSuchName(boolean tooLarge) {
            return tooLarge ? new Verdict(Outcome.TOO_LARGE, Optional.empty(), "body too large", null)
                    : new Verdict(Outcome.UNKNOWN, Optional.empty(), "not a source name", null);
        }
    }

    /** True when the name could be a source's: a cheap refusal before any lookup or run-as login. */
    public static boolean plausibleName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * Looks the source up, refuses a body over {@code maxBytes} (before the signature, and the same
     * for a registered name as for an unknown one), and checks the signature with the source's secret.
     */
    public Verdict check(String name, Map<String, String> lowerCaseHeaders, byte[] body, long nowSeconds,
            int maxBytes) {
        Optional<WebhookData.Source> source = plausibleName(name) ? data.source(name) : Optional.empty();
        Optional<Known> known = source.map(s -> new Known(s.id(), s.name(), s.scheme()));
        if (body.length > maxBytes) {
            return new Verdict(Outcome.TOO_LARGE, known, "body too large", null);
        }
        if (source.isEmpty()) {
            return new Verdict(Outcome.UNKNOWN, known, "unknown source", null);
        }
        byte[] secret = secrets.open(source.get().sealedSecret()).getBytes(StandardCharsets.UTF_8);
        SignatureScheme.Verdict verdict = source.get().scheme().verify(secret, lowerCaseHeaders, body, nowSeconds);
        return verdict.genuine() ? new Verdict(Outcome.GENUINE, known, "genuine", verdict.signedPrefix())
                : new Verdict(Outcome.BAD_SIGNATURE, known, verdict.reason(), null);
    }

    /** Source name to id, for the rate limit's subject. */
    public Map<String, String> sourceIds() {
        Map<String, String> ids = new HashMap<>();
        for (WebhookData.Source source : data.sources()) {
            ids.put(source.name(), source.id());
        }
        return ids;
    }

    /**
     * Stores a delivery whose signature {@link #check} found genuine; see
     * {@link WebhookData#insertDelivery}. False for a replay.
     */
    public boolean store(Verdict genuine, String id, String deliveryId, String contentHash, Instant receivedAt,
            String contentType, String body) throws SQLException {
        if (genuine.outcome() != Outcome.GENUINE || genuine.source().isEmpty()) {
            throw new IllegalArgumentException("only a verified delivery is stored");
        }
        return data.insertDelivery(id, genuine.source().get().id(), deliveryId, contentHash, receivedAt, contentType,
                body);
    }
}
