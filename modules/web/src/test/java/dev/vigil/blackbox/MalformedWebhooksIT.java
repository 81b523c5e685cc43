package dev.vigil.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.BlackBox;
import dev.vigil.testing.Http;
import dev.vigil.testing.Http.Auth;
import dev.vigil.testing.Http.Reply;
import dev.vigil.testing.Personas;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 300 generated bad webhook deliveries (unsigned, badly signed, stale, oversized, wrong type, signed
 * but malformed): every one a 4xx with a taxonomy code, none a 5xx, nothing stored.
 */
@ExtendWith(BlackBox.class)
class MalformedWebhooksIT {

    private static final int DELIVERIES = 300;
    private static final String SECRET = "fuzz-webhook-secret-0123456789";

    private final Http http = BlackBox.http();
    private final Personas personas = BlackBox.personas();

    private record Bad(String contentType, byte[] body, Map<String, String> headers, String source) {
    }

    @Test
    void everyBadDeliveryIsA4xxWithACodeAndNothingIsStored() throws Exception {
        String vigil = "fuzz-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(http.postJson("api/v1/admin/webhook-sources", personas.admin(), "{\"name\": \"" + vigil
                + "\", \"scheme\": \"vigil\", \"secret\": \"" + SECRET + "\"}").status()).isEqualTo(201);
        Random random = new Random(1123);
        Map<String, Map<Integer, Integer>> outcomes = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < DELIVERIES; i++) {
            long now = System.currentTimeMillis() / 1000;
            String json = "{\"n\": " + random.nextInt() + "}";
            String kind;
            Bad bad;
            switch (i % 10) {
                case 0 -> {
                    kind = "unsigned";
                    bad = new Bad("application/json", json.getBytes(), Map.of(), vigil);
                }
                case 1 -> {
                    kind = "random signature";
                    byte[] sig = new byte[32];
                    random.nextBytes(sig);
                    bad = new Bad("application/json", json.getBytes(),
                            Map.of("X-Vigil-Signature", "t=" + now + ",v1=" + HexFormat.of().formatHex(sig)), vigil);
                }
                case 2 -> {
                    kind = "stale";
                    long t = now - 301 - random.nextInt(100_000);
                    bad = new Bad("application/json", json.getBytes(),
                            Map.of("X-Vigil-Signature", "t=" + t + ",v1=" + WebhooksIT.hmac(SECRET, t + "." + json)), vigil);
                }
                case 3 -> {
                    kind = "from the future";
                    long t = now + 301 + random.nextInt(100_000);
                    bad = new Bad("application/json", json.getBytes(),
                            Map.of("X-Vigil-Signature", "t=" + t + ",v1=" + WebhooksIT.hmac(SECRET, t + "." + json)), vigil);
                }
                case 4 -> {
                    kind = "garbled header";
                    bad = new Bad("application/json", json.getBytes(),
                            Map.of("X-Vigil-Signature", "t=x" + random.nextInt() + ",v1=zz"), vigil);
                }
                case 5 -> {
                    kind = "signed, not JSON";
                    String broken = json.substring(0, 1 + random.nextInt(json.length() - 1));
                    bad = new Bad("application/json", broken.getBytes(),
                            Map.of("X-Vigil-Signature", "t=" + now + ",v1=" + WebhooksIT.hmac(SECRET, now + "." + broken)),
                            vigil);
                }
                case 6 -> {
                    kind = "wrong content type";
                    bad = new Bad("text/plain", json.getBytes(),
                            Map.of("X-Vigil-Signature", "t=" + now + ",v1=" + WebhooksIT.hmac(SECRET, now + "." + json)), vigil);
                }
                case 7 -> {
                    kind = "oversized";
                    String big = "{\"pad\": \"" + "p".repeat(300_000) + "\"}";
                    bad = new Bad("application/json", big.getBytes(),
                            Map.of("X-Vigil-Signature", "t=" + now + ",v1=" + WebhooksIT.hmac(SECRET, now + "." + big)), vigil);
                }
                case 8 -> {
                    kind = "signed, not UTF-8";
                    byte[] body = {'a', '=', (byte) 0xC3, (byte) 0x28};
                    byte[] signedPart = new byte[body.length];
                    System.arraycopy(body, 0, signedPart, 0, body.length);
                    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
                    mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(), "HmacSHA256"));
                    mac.update((now + ".").getBytes());
                    bad = new Bad("application/x-www-form-urlencoded", body,
                            Map.of("X-Vigil-Signature", "t=" + now + ",v1=" + HexFormat.of().formatHex(mac.doFinal(signedPart))),
                            vigil);
                }
                default -> {
                    kind = "unknown source";
                    bad = new Bad("application/json", json.getBytes(), Map.of(), "nobody-" + random.nextInt(1000));
                }
            }
            Map<String, String> headers = new HashMap<>(bad.headers());
            headers.put("X-Forwarded-For", "192.0.2." + (i % 250 + 1));
            Reply reply = http.send("POST", "api/v1/webhooks/" + bad.source(), Auth.NONE, bad.contentType(),
                    HttpRequest.BodyPublishers.ofByteArray(bad.body()), headers);
            outcomes.computeIfAbsent(kind, k -> new TreeMap<>()).merge(reply.status(), 1, Integer::sum);
            boolean ok = reply.status() >= 400 && reply.status() < 500 && reply.status() != 429
                    && reply.header("X-Vigil-Error-Code").isPresent();
            if (!ok && wrong.size() < 20) {
                wrong.add(kind + " -> " + reply);
            }
        }
        System.out.println("[vigil-test] malformed webhook deliveries: " + outcomes);
        assertThat(wrong).as("answers that were not a 4xx with a code").isEmpty();
        assertThat(http.get("api/v1/admin/webhook-sources/" + vigil + "/deliveries", personas.admin()).body())
                .isEqualTo("[]");
    }
}
