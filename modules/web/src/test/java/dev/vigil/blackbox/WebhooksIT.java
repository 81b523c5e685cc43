package dev.vigil.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.kernel.api.SecretBox;
import dev.vigil.testing.BlackBox;
import dev.vigil.testing.Http;
import dev.vigil.testing.Http.Auth;
import dev.vigil.testing.Http.Reply;
import dev.vigil.testing.Personas;
import dev.vigil.testing.TestDatabase;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Signed inbound webhooks: GitHub's test vector, tampering, wrong secrets, stale timestamps, replays. */
@ExtendWith(BlackBox.class)
class WebhooksIT {

    private static final String GITHUB_SECRET = "It's a Secret to Everybody";
    private static final String GITHUB_SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    private static final String FORM = "application/x-www-form-urlencoded";

    private final Http http = BlackBox.http();
    private final Personas personas = BlackBox.personas();

    private static String someAddress() {
        return "198.51." + ThreadLocalRandom.current().nextInt(1, 255) + "." + ThreadLocalRandom.current().nextInt(1, 255);
    }

    private String source(String scheme, String secret) {
        String name = scheme + "-" + UUID.randomUUID().toString().substring(0, 8);
        Reply created = http.postJson("api/v1/admin/webhook-sources", personas.admin(),
                "{\"name\": \"" + name + "\", \"scheme\": \"" + scheme + "\", \"secret\": \"" + secret
                        + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(secret);
        return name;
    }

    private Reply deliver(String source, String contentType, String body, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("X-Forwarded-For", someAddress());
        return http.send("POST", "api/v1/webhooks/" + source, Auth.NONE, contentType,
                HttpRequest.BodyPublishers.ofString(body), all);
    }

    static String hmac(String secret, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void githubsTestVectorIsAcceptedAndTamperingOrAWrongSecretIsNot() {
        String github = source("github", GITHUB_SECRET);
        String other = source("github", "another secret, sixteen+");
        Map<String, String> signed = Map.of("X-Hub-Signature-256", GITHUB_SIGNATURE,
                "X-GitHub-Delivery", UUID.randomUUID().toString());

        Reply accepted = deliver(github, FORM, "Hello, World!", signed);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        Reply tampered = deliver(github, FORM, "Hello, World?", signed);
        assertThat(tampered.status()).isEqualTo(403);
        assertThat(tampered.code()).isEqualTo("forbidden");
        assertThat(deliver(other, FORM, "Hello, World!", signed).status()).isEqualTo(403);
        assertThat(deliver(github, FORM, "Hello, World!", Map.of()).status()).isEqualTo(403);
        assertThat(deliver("no-such-source", FORM, "Hello, World!", signed).status()).isEqualTo(403);

        String deliveries = http.get("api/v1/admin/webhook-sources/" + github + "/deliveries", personas.admin()).body();
        assertThat(deliveries).contains(signed.get("X-GitHub-Delivery"));
        assertThat(http.get("api/v1/admin/webhook-sources/" + other + "/deliveries", personas.admin()).body())
                .isEqualTo("[]");
        assertThat(http.get("metrics", Auth.NONE).body())
                .containsPattern("vigil_webhook_deliveries_total\\{[^}]*outcome=\"accepted\"[^}]*source=\"" + github + "\"")
                .containsPattern("vigil_webhook_deliveries_total\\{[^}]*outcome=\"forbidden\"[^}]*source=\"" + github + "\"");
    }

    @Test
    void vigilSignaturesOlderThan300SecondsAreRefused() throws Exception {
        String secret = "vigil-scheme-secret-" + UUID.randomUUID();
        String vigil = source("vigil", secret);
        String body = "{\"event\": \"deploy\", \"id\": \"" + UUID.randomUUID() + "\"}";
        long now = System.currentTimeMillis() / 1000;
        long old = now - 301;
        Reply stale = deliver(vigil, "application/json", body,
                Map.of("X-Vigil-Signature", "t=" + old + ",v1=" + hmac(secret, old + "." + body)));
        assertThat(stale.status()).isEqualTo(403);
        Reply fresh = deliver(vigil, "application/json", body,
                Map.of("X-Vigil-Signature", "t=" + now + ",v1=" + hmac(secret, now + "." + body)));
        assertThat(fresh.status()).as(fresh.toString()).isEqualTo(202);
        String broken = "{\"event\": ";
        Reply invalid = deliver(vigil, "application/json", broken,
                Map.of("X-Vigil-Signature", "t=" + now + ",v1=" + hmac(secret, now + "." + broken)));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.code()).isEqualTo("invalid_json");
    }

    @Test
    void slackSignsTheTimestampAndTheFormBody() throws Exception {
        String secret = "slack-signing-secret-" + UUID.randomUUID();
        String slack = source("slack", secret);
        String body = "token=ignored&team_id=T1&command=%2Fvigil&text=" + UUID.randomUUID();
        long ts = System.currentTimeMillis() / 1000;
        Map<String, String> headers = Map.of("X-Slack-Request-Timestamp", Long.toString(ts), "X-Slack-Signature",
                "v0=" + hmac(secret, "v0:" + ts + ":" + body));
        assertThat(deliver(slack, FORM, body, headers).status()).isEqualTo(202);
        assertThat(deliver(slack, FORM, body + "x", headers).status()).isEqualTo(403);
        Reply replay = deliver(slack, FORM, body, headers);
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.header("X-Idempotent-Replay")).contains("1");
    }

    @Test
    void signedContentIsStoredOnceWhateverDeliveryIdComesWithIt() throws Exception {
        String secret = "replayed-secret-" + UUID.randomUUID();
        String github = source("github", secret);
        String body = "{\"action\": \"opened\", \"n\": \"" + UUID.randomUUID() + "\"}";
        String signature = "sha256=" + hmac(secret, body);
        List<Map<String, String>> forms = List.of(
                Map.of("X-Hub-Signature-256", signature, "X-GitHub-Delivery", "d1"),
                Map.of("X-Hub-Signature-256", signature, "X-GitHub-Delivery", "d1"),
                Map.of("X-Hub-Signature-256", signature, "X-GitHub-Delivery", "d2"),
                Map.of("X-Hub-Signature-256", signature, "X-GitHub-Delivery", "d3"),
                Map.of("X-Hub-Signature-256", signature, "X-Request-Id", "r1"),
                Map.of("X-Hub-Signature-256", signature, "X-Vigil-Delivery", "v1"),
                Map.of("X-Hub-Signature-256", signature));
        List<Integer> statuses = new ArrayList<>();
        for (Map<String, String> headers : forms) {
            Reply reply = deliver(github, "application/json", body, headers);
            statuses.add(reply.status());
            if (reply.status() == 200) {
                assertThat(reply.header("X-Idempotent-Replay")).as(headers.toString()).contains("1");
            }
        }
        assertThat(statuses).containsExactly(202, 200, 200, 200, 200, 200, 200);
        String deliveries = http.get("api/v1/admin/webhook-sources/" + github + "/deliveries", personas.admin()).body();
        assertThat(deliveries.split("\"id\"", -1)).as(deliveries).hasSize(2);
        assertThat(deliveries).contains("x-github-delivery:d1");

        // Schemes that sign a timestamp: the same body signed at another second is new content.
        String vigilSecret = "vigil-replay-secret-" + UUID.randomUUID();
        String vigil = source("vigil", vigilSecret);
        long now = System.currentTimeMillis() / 1000;
        Map<String, String> first = Map.of("X-Vigil-Signature", "t=" + now + ",v1=" + hmac(vigilSecret, now + "." + body));
        assertThat(deliver(vigil, "application/json", body, first).status()).isEqualTo(202);
        assertThat(deliver(vigil, "application/json", body, Map.of("X-Vigil-Signature", first.get("X-Vigil-Signature"),
                "X-Vigil-Delivery", "another-id")).status()).isEqualTo(200);
        long later = now - 1;
        assertThat(deliver(vigil, "application/json", body, Map.of("X-Vigil-Signature",
                "t=" + later + ",v1=" + hmac(vigilSecret, later + "." + body))).status()).isEqualTo(202);
    }

    /**
     * The webhook limit counts per registered source and client address: other names for the same
     * source ({@code %67} for {@code g}) share its quota, and every unknown name shares one quota,
     * so no caller-chosen path is a fresh quota or a new key in the limiter's memory.
     */
    @Test
    void theWebhookLimitCountsPerRegisteredSourceNotPerPath() {
        String github = source("github", GITHUB_SECRET);
        // Each pair is sent again, from a new address, when the limit's minute ended between its two
        // requests (the second's window then resets later than the first's): both would count 1.
        assertSecondCountsAfterFirst(address -> {
            Map<String, String> from = Map.of("X-Forwarded-For", address);
            return List.of(http.send("POST", "api/v1/webhooks/" + github, Auth.NONE, FORM,
                            HttpRequest.BodyPublishers.ofString("a=1"), from),
                    http.send("POST", "api/v1/webhooks/%67" + github.substring(1), Auth.NONE, FORM,
                            HttpRequest.BodyPublishers.ofString("a=1"), from));
        });
        assertSecondCountsAfterFirst(address -> {
            Map<String, String> from = Map.of("X-Forwarded-For", address);
            return List.of(http.send("POST", "api/v1/webhooks/no-such-" + UUID.randomUUID(), Auth.NONE, FORM,
                            HttpRequest.BodyPublishers.ofString("a=1"), from),
                    http.send("POST", "api/v1/webhooks/other-" + UUID.randomUUID(), Auth.NONE, FORM,
                            HttpRequest.BodyPublishers.ofString("a=1"), from));
        });
    }

    private void assertSecondCountsAfterFirst(java.util.function.Function<String, List<Reply>> pair) {
        for (int attempt = 1; ; attempt++) {
            List<Reply> replies = pair.apply(someAddress());
            int[] first = limit(replies.get(0));
            int[] second = limit(replies.get(1));
            if (second[1] > first[1] && attempt < 3) {
                continue; // a new window began between the two
            }
            assertThat(second[0]).as("remaining after the second request").isEqualTo(first[0] - 1);
            return;
        }
    }

    /** The refusal's RateLimit header: remaining, and seconds until the window resets. */
    private static int[] limit(Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(403);
        String header = reply.header("RateLimit").orElseThrow();
        return new int[] {Integer.parseInt(header.replaceAll(".*;r=(\\d+).*", "$1")),
                Integer.parseInt(header.replaceAll(".*;t=(\\d+).*", "$1"))};
    }

    @Test
    void anOversizedBodyAnswersAlikeForRegisteredAndUnknownSources() {
        String github = source("github", GITHUB_SECRET);
        String big = "x".repeat(300 * 1024);
        Reply registered = deliver(github, FORM, big, Map.of("X-Hub-Signature-256", GITHUB_SIGNATURE));
        Reply unknown = deliver("no-such-source-" + UUID.randomUUID(), FORM, big, Map.of());
        assertThat(registered.status()).isEqualTo(413);
        assertThat(unknown.status()).isEqualTo(413);
        assertThat(unknown.code()).isEqualTo(registered.code());
    }

    @Test
    void twentyConcurrentCopiesOfOneDeliveryAreStoredOnce() throws Exception {
        String github = source("github", GITHUB_SECRET);
        Map<String, String> signed = Map.of("X-Hub-Signature-256", GITHUB_SIGNATURE,
                "X-GitHub-Delivery", UUID.randomUUID().toString());
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<CompletableFuture<Reply>> copies = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            copies.add(CompletableFuture.supplyAsync(() -> deliver(github, FORM, "Hello, World!", signed), pool));
        }
        List<Integer> statuses = copies.stream().map(CompletableFuture::join).map(Reply::status).toList();
        pool.shutdown();
        assertThat(statuses).containsOnly(202, 200);
        assertThat(statuses.stream().filter(s -> s == 202).count()).isEqualTo(1);
        String deliveries = http.get("api/v1/admin/webhook-sources/" + github + "/deliveries", personas.admin()).body();
        assertThat(deliveries.split(signed.get("X-GitHub-Delivery"), -1)).hasSize(2);
    }

    @Test
    void aRotatedSecretReplacesTheOldOneAndNoSecretIsStoredInTheClear() throws Exception {
        String github = source("github", GITHUB_SECRET);
        Reply rotated = http.send("PUT", "api/v1/admin/webhook-sources/" + github + "/secret", personas.admin(),
                "application/json", HttpRequest.BodyPublishers.ofString("{\"secret\": \"the-new-secret-after-rotation\"}"));
        assertThat(rotated.status()).isEqualTo(204);
        assertThat(deliver(github, FORM, "Hello, World!", Map.of("X-Hub-Signature-256", GITHUB_SIGNATURE)).status())
                .isEqualTo(403);
        String body = "payload=" + UUID.randomUUID();
        assertThat(deliver(github, FORM, body,
                Map.of("X-Hub-Signature-256", "sha256=" + hmac("the-new-secret-after-rotation", body))).status())
                .isEqualTo(202);
        assertThat(http.get("api/v1/admin/audit?limit=50", personas.admin()).body())
                .contains("webhook-source.rotate-secret");
        assertThat(http.get("api/v1/admin/webhook-sources", personas.admin()).body())
                .contains(github).doesNotContain("the-new-secret").doesNotContain(GITHUB_SECRET);
        assertThat(BlackBox.server().log()).doesNotContain("the-new-secret").doesNotContain(GITHUB_SECRET);
        if (BlackBox.schema().isPresent()) {
            try (Connection c = TestDatabase.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select secret from " + BlackBox.schema().get()
                         + ".intake_webhook_source where name = '" + github + "'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).startsWith("v1.").doesNotContain("secret");
            }
        }
        assertThat(http.get("api/v1/admin/webhook-sources", personas.member()).status()).isEqualTo(403);
    }

    /**
     * After a rotation of the secrets key: a secret sealed with the previous key still verifies
     * (counted as a fallback), the re-seal job seals it with the current key (no fallback after),
     * and a secret neither key opens fails the job, naming its source, until it is set again.
     */
    @Test
    void secretsSealedWithThePreviousKeyAreResealedByTheJob() throws Exception {
        assumeTrue(BlackBox.schema().isPresent(), "writes a sealed secret straight into PostgreSQL");
        String secret = "sealed-before-the-rotation";
        String github = source("github", secret);
        String sealedBefore = SecretBox.of(BlackBox.SECRETS_PREVIOUS_KEY, null).seal(secret);
        setStoredSecret(github, sealedBefore);

        double fallbacks = metric("vigil_secret_fallback_decrypts_total");
        String body = "payload=" + UUID.randomUUID();
        assertThat(deliver(github, FORM, body, Map.of("X-Hub-Signature-256", "sha256=" + hmac(secret, body))).status())
                .isEqualTo(202);
        assertThat(metric("vigil_secret_fallback_decrypts_total")).isEqualTo(fallbacks + 1);

        Reply run = http.post("api/v1/admin/jobs/webhook-secrets-reseal/runs", personas.admin());
        assertThat(run.json().getBoolean("succeeded")).as(run.toString()).isTrue();
        String resealed = storedSecret(github);
        assertThat(resealed).isNotEqualTo(sealedBefore);
        assertThat(SecretBox.of(BlackBox.SECRETS_KEY, null).needsReseal(resealed)).isFalse();
        String next = "payload=" + UUID.randomUUID();
        assertThat(deliver(github, FORM, next, Map.of("X-Hub-Signature-256", "sha256=" + hmac(secret, next))).status())
                .isEqualTo(202);
        assertThat(metric("vigil_secret_fallback_decrypts_total")).isEqualTo(fallbacks + 1);

        String lost = source("slack", "sealed-with-a-key-long-gone");
        setStoredSecret(lost, SecretBox.of("bG9zdC10ZXN0LW9ubHktc2VjcmV0cy1rZXktMzJieXQ=", null).seal("x"));
        Reply failed = http.post("api/v1/admin/jobs/webhook-secrets-reseal/runs", personas.admin());
        assertThat(failed.json().getBoolean("succeeded")).isFalse();
        assertThat(failed.json().getString("error")).contains(lost).doesNotContain("sealed-with-a-key-long-gone");
        assertThat(http.send("PUT", "api/v1/admin/webhook-sources/" + lost + "/secret", personas.admin(),
                "application/json", HttpRequest.BodyPublishers.ofString("{\"secret\": \"set-again-after-the-loss\"}"))
                .status()).isEqualTo(204);
        assertThat(http.post("api/v1/admin/jobs/webhook-secrets-reseal/runs", personas.admin()).json()
                .getBoolean("succeeded")).isTrue();
    }

    private static void setStoredSecret(String source, String sealed) throws Exception {
        try (Connection c = TestDatabase.connect(); PreparedStatement update = c.prepareStatement("update "
                + BlackBox.schema().get() + ".intake_webhook_source set secret = ? where name = ?")) {
            update.setString(1, sealed);
            update.setString(2, source);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private static String storedSecret(String source) throws Exception {
        try (Connection c = TestDatabase.connect(); PreparedStatement query = c.prepareStatement("select secret from "
                + BlackBox.schema().get() + ".intake_webhook_source where name = ?")) {
            query.setString(1, source);
            try (ResultSet rs = query.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    private double metric(String name) {
        Matcher value = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([0-9.Ee+-]+)$")
                .matcher(http.get("metrics", Auth.NONE).body());
        return value.find() ? Double.parseDouble(value.group(2)) : 0;
    }
}
