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
}
