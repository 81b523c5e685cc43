package dev.vigil.intake.internal.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a webhook provider signs its deliveries; every scheme is HMAC-SHA256 over the raw body bytes,
 * compared in constant time, and schemes that carry a timestamp refuse one more than
 * {@link #TOLERANCE_SECONDS} away from now.
 */
public enum SignatureScheme {

    /** Vigil's own: {@code X-Vigil-Signature: t=<unix seconds>,v1=<hex hmac of "t.body">}. */
    VIGIL {
        @Override
        Verdict verify(byte[] secret, Map<String, String> headers, byte[] body, long now) {
            String header = headers.get("x-vigil-signature");
            if (header == null) {
                return Verdict.refused("no X-Vigil-Signature header");
            }
            String t = null;
            String v1 = null;
            for (String part : header.split(",")) {
                String[] kv = part.trim().split("=", 2);
                if (kv.length == 2 && kv[0].equals("t")) {
                    t = kv[1];
                } else if (kv.length == 2 && kv[0].equals("v1")) {
                    v1 = kv[1];
                }
            }
            if (t == null || v1 == null) {
                return Verdict.refused("X-Vigil-Signature needs t= and v1=");
            }
            Optional<Verdict> stale = stale(t, now);
            if (stale.isPresent()) {
                return stale.get();
            }
            return matches(v1, secret, (t + ".").getBytes(StandardCharsets.US_ASCII), body);
        }

        @Override
        Optional<String> deliveryHeader() {
            return Optional.of("x-vigil-delivery");
        }
    },

    /** GitHub: {@code X-Hub-Signature-256: sha256=<hex hmac of body>}; no timestamp. */
    GITHUB {
        @Override
        Verdict verify(byte[] secret, Map<String, String> headers, byte[] body, long now) {
            String header = headers.get("x-hub-signature-256");
            if (header == null || !header.startsWith("sha256=")) {
                return Verdict.refused("no X-Hub-Signature-256: sha256=... header");
            }
            return matches(header.substring("sha256=".length()), secret, new byte[0], body);
        }

        @Override
        Optional<String> deliveryHeader() {
            return Optional.of("x-github-delivery");
        }
    },

    /** Slack: {@code X-Slack-Signature: v0=<hex hmac of "v0:<ts>:body">}, {@code X-Slack-Request-Timestamp: <ts>}. */
    SLACK {
        @Override
        Verdict verify(byte[] secret, Map<String, String> headers, byte[] body, long now) {
            String ts = headers.get("x-slack-request-timestamp");
            String header = headers.get("x-slack-signature");
            if (ts == null || header == null || !header.startsWith("v0=")) {
                return Verdict.refused("no X-Slack-Request-Timestamp or X-Slack-Signature: v0=... header");
            }
            Optional<Verdict> stale = stale(ts, now);
            if (stale.isPresent()) {
                return stale.get();
            }
            return matches(header.substring(3), secret, ("v0:" + ts + ":").getBytes(StandardCharsets.US_ASCII), body);
        }

        @Override
        Optional<String> deliveryHeader() {
            return Optional.empty(); // Slack sends none; its retries repeat timestamp and body, caught by their hash
        }
    };

    public static final long TOLERANCE_SECONDS = 300;

    /**
     * Whether a delivery is genuine; {@code reason} says why not (for logs and metrics, never the
     * secret). A genuine one names what its signature covers before the body (the timestamp, for
     * the schemes that sign one), so that a replay of the same signed content can be recognised.
     */
    public record Verdict(boolean genuine, String reason, byte[] signedPrefix) {

        static Verdict refused(String reason) {
            return new Verdict(false, reason, null);
        }
    }

    /**
     * The header that carries this provider's delivery id (lower case), if the provider sends one.
     * Only that header is read: an id from any other header is the sender's to choose freely.
     */
    abstract Optional<String> deliveryHeader();

    /**
     * @param headers request headers with lower-case names
     * @param now the current time, unix seconds
     */
    abstract Verdict verify(byte[] secret, Map<String, String> headers, byte[] body, long now);

    public static Optional<SignatureScheme> parse(String name) {
        try {
            return Optional.of(valueOf(name.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static Optional<Verdict> stale(String timestamp, long now) {
        long t;
        try {
            t = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return Optional.of(Verdict.refused("timestamp is not unix seconds"));
        }
        if (Math.abs(now - t) > TOLERANCE_SECONDS) {
            return Optional.of(Verdict.refused("timestamp more than " + TOLERANCE_SECONDS + " s from now"));
        }
        return Optional.empty();
    }

    private static Verdict matches(String hex, byte[] secret, byte[] prefix, byte[] body) {
        byte[] expected = hmac(secret, prefix, body);
        byte[] given;
        try {
            given = HexFormat.of().parseHex(hex.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Verdict.refused("signature is not hex");
        }
        return MessageDigest.isEqual(given, expected) ? new Verdict(true, "ok", prefix)
                : Verdict.refused("signature mismatch");
    }

    static byte[] hmac(byte[] secret, byte[] prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(prefix);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
