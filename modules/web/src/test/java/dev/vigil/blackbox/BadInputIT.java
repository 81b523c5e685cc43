package dev.vigil.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.BlackBox;
import dev.vigil.testing.Http;
import dev.vigil.testing.Http.Auth;
import dev.vigil.testing.Http.Reply;
import dev.vigil.testing.Personas;
import dev.vigil.testing.ServerJvm;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Input that once answered 500, was stored altered, or left an FFDC incident: each is now a 4xx
 * with a taxonomy code (or, for the webhook and secret cases, simply accepted), nothing is stored
 * from a refused request, and no refusal leaves an FFDC file.
 */
@ExtendWith(BlackBox.class)
class BadInputIT {

    /** Bytes that are not UTF-8, each put inside a JSON string (RFC 3629's ill-formed sequences). */
    private static final List<byte[]> NOT_UTF8 = Stream.of("fffe", "80", "e282", "c0af", "e080af", "eda080",
            "f4908080", "c3").map(HexFormat.of()::parseHex).toList();
    /** JSON escapes of lone surrogates, which no UTF-8 text can hold. */
    private static final List<String> LONE_SURROGATES = List.of("x\\ud800y", "\\udc00", "\\ud800", "\\ude00\\ud83d");

    private final Http http = BlackBox.http();
    private final Personas personas = BlackBox.personas();

    /** A JSON endpoint, how to reach it, and the string field the bad text goes into. */
    private record JsonEndpoint(String method, String path, Auth auth, String field, String otherFields) {

        byte[] body(byte[] inside) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(("{" + otherFields + "\"" + field + "\": \"").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(inside);
            body.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
            return body.toByteArray();
        }
    }

    @Test
    void jsonThatIsNotUtf8IsRefusedOnEveryJsonEndpointAndNothingIsStored() throws Exception {
        Set<String> ffdcBefore = ffdcFiles();
        String marker = "utf8-" + UUID.randomUUID().toString().substring(0, 8);
        Personas.App app = Personas.app(http, personas.admin(), marker);
        Reply report = http.postJson("api/v1/issues", app.auth(), "{\"summary\": \"" + marker + "\"}");
        assertThat(report.status()).isEqualTo(201);
        String group = report.json().getString("group");
        String source = marker + "-src";
        assertThat(http.postJson("api/v1/admin/webhook-sources", personas.admin(), "{\"name\": \"" + source
                + "\", \"scheme\": \"github\", \"secret\": \"" + marker + "-secret-long\"}").status()).isEqualTo(201);

        List<JsonEndpoint> endpoints = List.of(
                new JsonEndpoint("POST", "api/v1/issues", app.auth(), "summary", ""),
                new JsonEndpoint("PATCH", "api/v1/issue-groups/" + group, personas.member(), "assignee", ""),
                new JsonEndpoint("POST", "api/v1/issue-groups/" + group + "/comments", personas.member(), "body", ""),
                new JsonEndpoint("POST", "api/v1/admin/apps", personas.admin(), "name", ""),
                new JsonEndpoint("POST", "api/v1/admin/users", personas.admin(), "username",
                        "\"password\": \"a-long-enough-password\", \"role\": \"member\", "),
                new JsonEndpoint("POST", "api/v1/admin/webhook-sources", personas.admin(), "name",
                        "\"scheme\": \"github\", \"secret\": \"0123456789abcdef\", "),
                new JsonEndpoint("PUT", "api/v1/admin/webhook-sources/" + source + "/secret", personas.admin(),
                        "secret", ""),
                new JsonEndpoint("POST", "api/v1/webhooks/" + source, Auth.NONE, "action", ""));
        List<byte[]> insides = new ArrayList<>();
        NOT_UTF8.forEach(bad -> insides.add(concat(marker.getBytes(StandardCharsets.UTF_8), bad)));
        LONE_SURROGATES.forEach(escape -> insides.add((marker + escape).getBytes(StandardCharsets.UTF_8)));
        List<String> wrong = new ArrayList<>();
        for (JsonEndpoint endpoint : endpoints) {
            for (byte[] inside : insides) {
                Reply reply = http.send(endpoint.method(), endpoint.path(), endpoint.auth(), "application/json",
                        HttpRequest.BodyPublishers.ofByteArray(endpoint.body(inside)),
                        Map.of("X-Forwarded-For", someAddress()));
                if (reply.status() != 400 || !reply.header("X-Vigil-Error-Code").equals(Optional.of("invalid_json"))) {
                    wrong.add(endpoint.method() + " " + endpoint.path() + " " + HexFormat.of().formatHex(inside) + " -> "
                            + reply);
                }
            }
        }
        assertThat(wrong).as("answers other than 400 invalid_json").isEmpty();

        // Nothing from a refused body is anywhere: every value carried the marker.
        Auth admin = personas.admin();
        assertThat(http.get("api/v1/issues?app=" + app.id(), admin).json().getJsonArray("items")).hasSize(1);
        JsonObject detail = http.get("api/v1/issue-groups/" + group, admin).json();
        assertThat(detail.getJsonArray("comments")).isEmpty();
        assertThat(detail.getJsonObject("group").get("assignee")).isIn(null, JsonValue.NULL);
        assertThat(http.get("api/v1/admin/apps", admin).body().split(marker, -1)).hasSize(2); // the app itself
        assertThat(http.get("api/v1/admin/users", admin).body()).doesNotContain(marker);
        assertThat(http.get("api/v1/admin/webhook-sources", admin).body().split(marker, -1)).hasSize(2);
        assertThat(http.get("api/v1/admin/webhook-sources/" + source + "/deliveries", admin).body())
                .doesNotContain(marker);
        assertThat(ffdcFiles()).as("new FFDC incidents").isEqualTo(ffdcBefore);
    }

    @Test
    void parametersThatOnceAnswered500AreNow4xx() throws IOException {
        Set<String> ffdcBefore = ffdcFiles();
        Auth admin = personas.admin();
        String huge = "%2B999999999-01-01T00:00:00Z";
        Map<String, String> badRequests = Map.ofEntries(
                Map.entry("api/v1/issues?from=" + huge, "invalid_request"),
                Map.entry("api/v1/issues?to=" + huge, "invalid_request"),
                Map.entry("api/v1/issues?from=-999999999-01-01T00:00:00Z", "invalid_request"),
                Map.entry("api/v1/issue-groups?from=" + huge, "invalid_request"),
                Map.entry("api/v1/issue-groups?to=" + huge, "invalid_request"),
                Map.entry("api/v1/issues?app=%00", "invalid_request"),
                Map.entry("api/v1/issues?q=a%00b", "invalid_request"),
                Map.entry("api/v1/issues?appVersion=%00", "invalid_request"),
                Map.entry("api/v1/issues?before=1_%00", "invalid_request"),
                Map.entry("api/v1/issue-groups?app=%00", "invalid_request"),
                Map.entry("api/v1/issue-groups?q=%00", "invalid_request"),
                Map.entry("api/v1/admin/issues/export?app=%00", "invalid_request"),
                Map.entry("api/v1/admin/issues/daily?date=%2B999999999-12-31", "invalid_request"),
                Map.entry("api/v1/admin/issues/export?date=%2B999999999-12-31", "invalid_request"),
                Map.entry("api/v1/admin/issues/daily?date=-0001-12-31", "invalid_request"),
                Map.entry("error", "not_found"),
                Map.entry("no/such/file.html", "not_found"),
                Map.entry("", "not_found"));
        badRequests.forEach((path, code) -> {
            Reply reply = http.get(path, admin);
            assertThat(reply.status()).as(path + " -> " + reply).isBetween(400, 499);
            assertThat(reply.header("X-Vigil-Error-Code")).as(path).hasValue(code);
            assertThat(reply.header("Content-Type")).as(path)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        });
        // The edges of the range still work.
        assertThat(http.get("api/v1/issues?from=0000-01-01T00:00:00Z&to=9999-12-31T23:59:59Z", admin).status())
                .isEqualTo(200);
        assertThat(http.get("api/v1/admin/issues/daily?date=9999-12-31", admin).status()).isEqualTo(200);
        assertThat(ffdcFiles()).as("new FFDC incidents").isEqualTo(ffdcBefore);
    }

    @Test
    void webhookHeadersAndSecretsThatOverflowedTheirColumnsAreStored() throws Exception {
        // 256 characters of three UTF-8 bytes each: the longest secret there is, sealed.
        String secret = "\u20ac".repeat(256);
        String source = "wide-" + UUID.randomUUID().toString().substring(0, 8);
        Reply created = http.postJson("api/v1/admin/webhook-sources", personas.admin(),
                "{\"name\": \"" + source + "\", \"scheme\": \"github\", \"secret\": \"" + secret + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);

        String body = "{\"action\": \"opened\", \"n\": " + ThreadLocalRandom.current().nextInt() + "}";
        Reply delivered = http.send("POST", "api/v1/webhooks/" + source, Auth.NONE,
                "application/json; charset=utf-8; note=" + "p".repeat(300), HttpRequest.BodyPublishers.ofString(body),
                Map.of("X-Hub-Signature-256", "sha256=" + WebhooksIT.hmac(secret, body),
                        "X-GitHub-Delivery", "d".repeat(195), "X-Forwarded-For", someAddress()));
        assertThat(delivered.status()).as(delivered.toString()).isEqualTo(202);
        String deliveries = http.get("api/v1/admin/webhook-sources/" + source + "/deliveries", personas.admin()).body();
        JsonObject stored = Json.createReader(new StringReader(deliveries)).readArray().getJsonObject(0);
        assertThat(stored.getString("contentType")).isEqualTo("application/json");
        // Too long to keep with its header's name in front: the delivery is known by its body's hash.
        assertThat(stored.getString("deliveryId")).startsWith("sha256:");

        String form = "a=1&b=" + '\u0000';
        Reply nul = http.send("POST", "api/v1/webhooks/" + source, Auth.NONE, "application/x-www-form-urlencoded",
                HttpRequest.BodyPublishers.ofString(form), Map.of("X-Hub-Signature-256",
                        "sha256=" + WebhooksIT.hmac(secret, form), "X-Forwarded-For", someAddress()));
        assertThat(nul.status()).as(nul.toString()).isEqualTo(400);
        assertThat(nul.code()).isEqualTo("invalid_request");
    }

    @Test
    void basicCredentialsThatNameNoUserAreRefusedAsBadCredentials() throws IOException {
        Set<String> ffdcBefore = ffdcFiles();
        String address = someAddress();
        List<String> malformed = List.of(
                "Basic " + encode("ad\u0000min:" + Personas.ADMIN_PASSWORD),
                "Basic " + encode("admin\u0001:x"),
                "Basic " + encode("no-colon-at-all"),
                "Basic " + encode(":only-a-password"),
                "Basic !!!not-base64!!!",
                "Basic ");
        for (String header : malformed) {
            Reply reply = http.send("GET", "api/v1/me", Auth.NONE, null, HttpRequest.BodyPublishers.noBody(),
                    Map.of("Authorization", header, "X-Forwarded-For", address));
            assertThat(reply.status()).as(header + " -> " + reply).isIn(401, 429);
            assertThat(reply.header("X-Vigil-Error-Code")).as(header).isPresent();
            assertThat(reply.body()).as(header).doesNotContain("internal_error");
        }
        // A user name PostgreSQL cannot store never becomes a limit key (it stopped every later
        // flush of rate-limit events): failures under it are counted like any other, up to the wall.
        String nulUser = "Basic " + encode("ev\u0000il:password");
        int refused = 0;
        for (int i = 0; i < 110 && refused == 0; i++) {
            Reply reply = http.send("GET", "api/v1/me", Auth.NONE, null, HttpRequest.BodyPublishers.noBody(),
                    Map.of("Authorization", nulUser, "X-Forwarded-For", address));
            assertThat(reply.status()).isIn(401, 429);
            refused += reply.status() == 429 ? 1 : 0;
        }
        assertThat(refused).as("the wall closed").isEqualTo(1);
        assertThat(ffdcFiles()).as("new FFDC incidents").isEqualTo(ffdcBefore);
    }

    private static String encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String someAddress() {
        return "203.0." + ThreadLocalRandom.current().nextInt(1, 255) + "." + ThreadLocalRandom.current().nextInt(1, 255);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /**
     * The server's FFDC incidents, but those Liberty records itself ({@link FuzzIT#fromLiberty}). The
     * logs are wiped when the server starts and Liberty files the first incident of each kind only,
     * so a kind some earlier test caused is not seen again here; the fuzzing test covers the rest.
     */
    static Set<String> ffdcFiles() {
        return ServerJvm.ffdcFiles(BlackBox.SERVER).stream().filter(f -> f.startsWith("ffdc_"))
                .filter(f -> !FuzzIT.fromLiberty(ServerJvm.ffdcIncident(BlackBox.SERVER, f)))
                .map(f -> f + ": " + ServerJvm.ffdcIncident(BlackBox.SERVER, f).kind())
                .collect(Collectors.toSet());
    }
}
