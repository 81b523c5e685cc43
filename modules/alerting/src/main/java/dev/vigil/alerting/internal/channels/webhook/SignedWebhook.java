package dev.vigil.alerting.internal.channels.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Vigil's signature on what it sends, the same scheme its webhook intake verifies:
 * {@code X-Vigil-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>}. Each
 * attempt signs with its own time, so a receiver's replay window holds for a late retry too; the
 * delivery id ({@code X-Vigil-Delivery}) stays the same on every attempt.
 */
public final class SignedWebhook {

    public static final String HEADER = "X-Vigil-Signature";

    private SignedWebhook() {
    }

    public static String signature(String secret, long epochSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((epochSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            byte[] digest = mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
            return "t=" + epochSeconds + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }
}
