package dev.vigil.intake.internal.issues;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @ParameterizedTest
    @ValueSource(strings = {"token", "authToken", "refresh_token", "client_secret", "password", "passwd", "Authorization",
            "cookie", "sessionId", "api_key", "apiKey", "X-Api-Key", "privateKey", "aws_access_key_id", "credentials"})
    void valuesUnderSecretKeysAreRedactedWhateverTheyAre(String key) {
        var result = Redactor.redact(json("{\"" + key + "\": \"plain\", \"nested\": {\"" + key + "\": 42}}"));
        assertThat(result.value().asJsonObject().getString(key)).isEqualTo(Redactor.REDACTED);
        assertThat(result.value().asJsonObject().getJsonObject("nested").getString(key)).isEqualTo(Redactor.REDACTED);
        assertThat(result.redactions()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Bearer abcdefghijklmnop1234",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        "vgl_abcdefghijkl_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg",
        "ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
        "xoxb-123456789012-abcdefghij",
        "AKIAIOSFODNN7EXAMPLE",
        "sk_live_abcdefghijklmnop",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----"})
    void credentialLookingValuesAreRedactedUnderAnyKeyAndInArrays(String secret) {
        JsonObject tree = Json.createObjectBuilder().add("note", secret)
                .add("list", Json.createArrayBuilder().add("fine").add("see " + secret)).build();
        var result = Redactor.redact(tree);
        assertThat(result.value().toString()).doesNotContain(secret).contains("fine");
        assertThat(result.redactions()).isEqualTo(2);
        var text = Redactor.redactText("it failed with " + secret + " in the header");
        assertThat(text.value()).isEqualTo("it failed with [redacted] in the header");
        assertThat(text.redactions()).isEqualTo(1);
    }

    @Test
    void ordinaryDataIsLeftAlone() {
        JsonObject tree = json("{\"author\": \"kim\", \"screen\": \"capture\", \"attempt\": 3, \"ok\": true,"
                + " \"url\": \"https://example.com/a/b\", \"id\": \"0d5c2c8e-4f7b-4b8e-9d6b-2f1e8c7a9b10\"}");
        var result = Redactor.redact(tree);
        assertThat(result.value()).isEqualTo(tree);
        assertThat(result.redactions()).isZero();
        assertThat(Redactor.redactText("Upload stuck at 99% after 3 retries").redactions()).isZero();
        assertThat(Redactor.redactText(null).value()).isNull();
    }

    @org.junit.jupiter.api.Test
    void aTreeWithoutSecretsComesBackAsItWasAndOneWithSecretsKeepsItsOrder() {
        JsonObject clean = json("{\"a\": 1, \"list\": [\"x\", {\"b\": true}], \"c\": {\"d\": \"plain\"}}");
        var untouched = Redactor.redact(clean);
        assertThat(untouched.value()).isSameAs(clean);
        assertThat(untouched.redactions()).isZero();

        var result = Redactor.redact(json("{\"a\": 1, \"list\": [\"x\", \"y\", \"Bearer abcdefghijklmnop1234\", \"z\"],"
                + " \"password\": \"p\", \"c\": {\"d\": \"plain\"}}"));
        assertThat(result.value().toString()).isEqualTo("{\"a\":1,\"list\":[\"x\",\"y\",\"[redacted]\",\"z\"],"
                + "\"password\":\"[redacted]\",\"c\":{\"d\":\"plain\"}}");
        assertThat(result.redactions()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"auth_key", "basic_auth", "basic-auth", "authKey", "x-auth-token", "clientSecret",
            "db.password", "signing_key", "AUTH"})
    void keysWithASecretWordHoweverJoinedAreSecretKeys(String key) {
        assertThat(Redactor.isSecretKey(key)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"author", "monkey", "keyboardLayout", "screen", "tokenizer_version_count"})
    void keysWithoutASecretWordAreNot(String key) {
        assertThat(Redactor.isSecretKey(key)).as(key).isEqualTo(key.startsWith("tokenizer"));
    }

    /** The shapes a review found stored in clear (issue 10), each in free text. */
    @ParameterizedTest
    @ValueSource(strings = {
        "login failed with password=hunter2 again|hunter2",
        "password: 'hunter 2'|hunter 2",
        "DB_PASSWORD=\"p@ss w0rd\" in env|p@ss w0rd",
        "open https://bob:S3cret@x.io/a now|S3cret",
        "fetch https://x.io/a?access_token=abc123def456&page=2|abc123def456",
        "GET /v1/items?api_key=zz HTTP/1.1|zz",
        "sent Authorization: Basic Ym9iOlMzY3JldA== to the proxy|Ym9iOlMzY3JldA==",
        "header authorization: Bearer abc.def.ghi-jkl|abc.def.ghi-jkl",
        "client_secret=0123456789abcdef|0123456789abcdef",
        "X-Api-Key: k-123-456|k-123-456",
        "body was {\\\"password\\\":\\\"hunter2\\\"}|hunter2",
        "form password%3Dhunter2%26next|hunter2",
        "pass=hunter2 passphrase=open-sesame|hunter2",
        "private_key=MIIEowIBAAKCAQEA|MIIEowIBAAKCAQEA",
        "Cookie: sid=8f7e6d5c4b3a|8f7e6d5c4b3a",
        "GET /maps?key=AIzaSyA1b2c3d4|AIzaSyA1b2c3d4",
        "GET /blob?sv=1&sig=Zm9vYmFy|Zm9vYmFy",
        "redis://:hunter2@cache:6379|hunter2",
        "https://bob:p@ss@x.io/a|p@ss",
        "password: \"hunter2 unterminated|hunter2"})
    void secretShapesInFreeTextAreReplacedAndTheRestIsKept(String sample) {
        String[] parts = sample.split("\\|");
        var result = Redactor.redactText(parts[0]);
        assertThat(result.value()).as(parts[0]).doesNotContain(parts[1]).contains(Redactor.REDACTED);
        assertThat(result.redactions()).as(parts[0]).isPositive();
        // The same text as a JSON value anywhere: the whole value goes.
        var tree = Redactor.redact(Json.createObjectBuilder().add("note", parts[0]).build());
        assertThat(tree.value().toString()).doesNotContain(parts[1]);
    }

    @Test
    void theReviewsReportIsStoredWithoutItsSecrets() {
        var summary = Redactor.redactText("sync failed: password=hunter2");
        assertThat(summary.value()).isEqualTo("sync failed: password=[redacted]");
        var description = Redactor.redactText("https://bob:S3cret@x.io/a?access_token=abc123def456 and"
                + " Authorization: Basic Ym9iOlMzY3JldA==");
        assertThat(description.value()).isEqualTo("https://[redacted]@x.io/a?access_token=[redacted] and"
                + " Authorization: [redacted]");
        assertThat(description.redactions()).isEqualTo(3);
        var metadata = Redactor.redact(json("{\"auth_key\": \"a\", \"basic_auth\": \"b\","
                + " \"link\": \"https://x.io/?api_key=zz\", \"user\": \"kim\"}"));
        assertThat(metadata.value().toString()).isEqualTo("{\"auth_key\":\"[redacted]\",\"basic_auth\":\"[redacted]\","
                + "\"link\":\"[redacted]\",\"user\":\"kim\"}");
        assertThat(metadata.redactions()).isEqualTo(3);
    }

    @Test
    void proseAboutSecretsIsLeftAlone() {
        for (String prose : new String[] {"Basic functionality is broken", "the author: kim", "keyboard missing",
                "tap the key twice", "Authentication screen froze"}) {
            assertThat(Redactor.redactText(prose).value()).as(prose).isEqualTo(prose);
        }
    }

    /** Patterns that backtracked took seconds on a few kilobytes; every text limit is searched in linear time. */
    @Test
    void longTextIsSearchedInLinearTime() {
        for (String unit : new String[] {"token.", "password", "a=", "://a:", "key ", "Basic "}) {
            String text = unit.repeat(10_000 / unit.length());
            long start = System.nanoTime();
            Redactor.redactText(text);
            Redactor.redact(Json.createObjectBuilder().add("note", text.substring(0, 2_000)).build());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(millis).as(unit).isLessThan(500);
        }
    }
}
