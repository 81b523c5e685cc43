package dev.vigil.intake.internal.webhooks;

import dev.vigil.intake.events.WebhookReceived;
import dev.vigil.intake.events.WebhookRefused;
import dev.vigil.kernel.api.Audience;
import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.Ids;
import dev.vigil.kernel.api.VigilException;
import dev.vigil.limits.api.RateLimited;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * {@code POST /api/v1/webhooks/{source}}: deliveries from registered senders, signature checked on
 * the raw bytes. Genuine and new: stored, {@code 202}. Genuine and seen before (the same delivery id
 * from the scheme's own header, or the same signed content whatever the id): {@code 200} with
 * {@code X-Idempotent-Replay: 1}, not stored again. Unsigned, badly signed or stale:
 * {@code 403 forbidden}. Every outcome counts in {@code vigil_webhook_deliveries_total{source,outcome}}.
 */
@Path("/v1/webhooks/{source}")
@Audience(Audience.Who.PUBLIC)
@org.eclipse.microprofile.openapi.annotations.tags.Tag(name = "webhooks")
public class WebhooksResource {

    private static final Metadata WEBHOOK_DELIVERIES = Metadata.builder().withName("vigil_webhook_deliveries")
            .withDescription("Inbound webhook deliveries per registered source and outcome (accepted, duplicate, forbidden, invalid)").build();

    static final int MAX_BODY_BYTES = 256 * 1024;
    /** The delivery id column's width. */
    private static final int MAX_DELIVERY_ID = 200;
    private static final Logger LOG = Logger.getLogger(WebhooksResource.class.getName());
    private static final JsonProvider JSON = JsonProvider.provider();

    @Inject
    WebhookReceiver store;

    @Inject
    Clock clock;

    @Inject
    MetricRegistry metrics;

    @Inject
    Event<WebhookReceived> received;

    @Inject
    Event<WebhookRefused> refused;

    @POST
    @Consumes({MediaType.APPLICATION_JSON, MediaType.APPLICATION_FORM_URLENCODED})
    @Produces(MediaType.APPLICATION_JSON)
    @RateLimited(policy = "webhook", key = RateLimited.KeyKind.SUBJECT_AND_CLIENT_IP)
    @WebhookSubject.Resolved
    @SecurityRequirement(name = "webhookSignature")
    @Operation(summary = "A signed delivery from a registered source (schemes: vigil, github, slack)")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "delivery", value = "{\"action\": \"opened\", \"number\": 42}")))
    public Response deliver(@PathParam("source") String name, @Context HttpHeaders headers, byte[] body)
            throws SQLException {
        Map<String, String> lower = new HashMap<>();
        headers.getRequestHeaders().forEach((key, values) -> lower.put(key.toLowerCase(Locale.ROOT),
                values.isEmpty() ? "" : values.get(0)));
        // A name no source can have is refused here, before any lookup (or the receiver's run-as login).
        WebhookReceiver.Verdict verdict = WebhookReceiver.plausibleName(name)
                ? store.check(name, lower, body, clock.millis() / 1000, MAX_BODY_BYTES)
                : WebhookReceiver.Verdict.noSuchName(body.length > MAX_BODY_BYTES);
        String counted = verdict.source().map(WebhookReceiver.Known::name).orElse("unknown");
        switch (verdict.outcome()) {
            case TOO_LARGE -> {
                // Before the source is known to the caller: a registered name must not answer differently.
                count(counted, "invalid");
                throw new VigilException(ErrorCode.PAYLOAD_TOO_LARGE, "Webhook bodies are at most " + MAX_BODY_BYTES
                        + " bytes");
            }
            case UNKNOWN, BAD_SIGNATURE -> {
                count(counted, "forbidden");
                LOG.fine(() -> "Webhook delivery to " + counted + " refused: " + verdict.reason());
                refused.fireAsync(new WebhookRefused(counted, verdict.reason(), clock.instant()));
                throw new VigilException(ErrorCode.FORBIDDEN, "Unknown webhook source, or a bad signature");
            }
            case GENUINE -> {
                // stored below
            }
        }
        WebhookReceiver.Known source = verdict.source().orElseThrow();
        String text = text(source, headers.getMediaType(), body);
        String contentHash = sha256(source.id().getBytes(StandardCharsets.UTF_8), verdict.signedPrefix(), body);
        String deliveryId = deliveryId(source.scheme(), lower, contentHash);
        // Type and subtype only: parameters are the sender's to make as long as it likes (the column holds 100).
        MediaType type = headers.getMediaType();
        String contentType = type == null ? "" : (type.getType() + "/" + type.getSubtype()).toLowerCase(Locale.ROOT);
        String id = Ids.newId();
        var now = clock.instant();
        if (!store.store(verdict, id, deliveryId, contentHash, now, contentType, text)) {
            count(source.name(), "duplicate");
            return Response.ok(Map.of("status", "duplicate")).header("X-Idempotent-Replay", "1").build();
        }
        count(source.name(), "accepted");
        received.fire(new WebhookReceived(id, source.name(), deliveryId, contentType, now));
        return Response.accepted(Map.of("id", id)).build();
    }

    /** The body as text: UTF-8, and for JSON well-formed JSON (checked after the signature, as stored). */
    private String text(WebhookReceiver.Known source, MediaType type, byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            count(source.name(), "invalid");
            throw VigilException.invalid("The body is not UTF-8 text");
        }
        if (text.indexOf('\u0000') >= 0) {
            count(source.name(), "invalid");
            throw VigilException.invalid("The body holds U+0000, which Vigil does not store");
        }
        if (type != null && type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            try (var reader = JSON.createReader(new ByteArrayInputStream(body))) {
                reader.readValue();
            } catch (JsonException e) {
                count(source.name(), "invalid");
                throw new VigilException(ErrorCode.INVALID_JSON, "The body is not valid JSON");
            }
        }
        return text;
    }

    /**
     * The delivery id from the scheme's own header, if the provider sent a usable one (printable
     * ASCII that fits the 200-character column with the header's name in front), else the signed
     * content's hash (with its timestamp, so the same body signed at another second is a new delivery).
     * Other providers' headers are not read: they are not signed, and an id the sender may pick
     * freely would make every copy of a signed body new.
     */
    private static String deliveryId(SignatureScheme scheme, Map<String, String> headers, String contentHash) {
        Optional<String> header = scheme.deliveryHeader();
        String value = header.map(headers::get).map(String::trim).orElse("");
        String id = header.orElse("") + ":" + value;
        if (!value.isEmpty() && id.length() <= MAX_DELIVERY_ID && id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return id;
        }
        return "sha256:" + contentHash;
    }

    /** Hex SHA-256 of the parts, in order. */
    private static String sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private void count(String source, String outcome) {
        metrics.counter(WEBHOOK_DELIVERIES, new Tag("source", source), new Tag("outcome", outcome)).inc();
    }
}
