package dev.vigil.limits.internal.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonShapeTest {

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void ordinaryDocumentsPass() {
        assertThat(JsonShape.DEFAULT.violation(json("{\"a\":[1,2,{\"b\":\"c\"}],\"n\":-12.5e3,\"t\":true}"))).isEmpty();
    }

    @Test
    void depthBombsAreRefused() {
        String bomb = "[".repeat(10_000) + "]".repeat(10_000);
        assertThat(JsonShape.DEFAULT.violation(json(bomb))).hasValueSatisfying(v -> assertThat(v).contains("nesting"));
        String atLimit = "[".repeat(32) + "]".repeat(32);
        assertThat(JsonShape.DEFAULT.violation(json(atLimit))).isEmpty();
        assertThat(JsonShape.DEFAULT.violation(json("[" + atLimit + "]"))).isPresent();
    }

    @Test
    void hugeNumbersAndStringsAreRefused() {
        assertThat(JsonShape.DEFAULT.violation(json("{\"n\":1" + "0".repeat(100) + "}")))
                .hasValueSatisfying(v -> assertThat(v).contains("number"));
        assertThat(JsonShape.DEFAULT.violation(json("{\"s\":\"" + "x".repeat(100_001) + "\"}")))
                .hasValueSatisfying(v -> assertThat(v).contains("string"));
        assertThat(JsonShape.DEFAULT.violation(json("{\"" + "k".repeat(100_001) + "\":1}"))).isPresent();
    }

    @Test
    void malformedJsonIsLeftToTheBinder() {
        assertThat(JsonShape.DEFAULT.violation(json("{\"a\":"))).isEmpty();
    }

    @Test
    void readingBuildsWhatTheJsonReaderBuilds() {
        String text = "{\"s\":\"x\\u00e9\",\"i\":42,\"l\":12345678901234,\"d\":-12.5e3,\"t\":true,\"f\":false,"
                + "\"n\":null,\"a\":[1,[2,{}],{\"b\":[]}],\"o\":{\"k\":\"v\"},\"dup\":1,\"dup\":2}";
        JsonValue read = JsonShape.DEFAULT.read(new ByteArrayInputStream(json(text)));
        assertThat(read).isEqualTo(Json.createReader(new StringReader(text)).readValue());
        assertThat(read.asJsonObject().getJsonNumber("l").isIntegral()).isTrue();
        assertThat(JsonShape.DEFAULT.read(new ByteArrayInputStream(json(" [1, \"two\"] ")))).isEqualTo(
                Json.createArrayBuilder().add(1).add("two").build());
    }

    @Test
    void readingRefusesWhatTheCheckRefusesAndWhatIsNoJson() {
        String bomb = "[".repeat(33) + "]".repeat(33);
        for (String refused : List.of(bomb, "{\"n\":1" + "0".repeat(100) + "}", "{\"s\":\"\\u0000\"}", "{\"a\":", "",
                "   ", "{} {}", "[1] x", "{\"a\" 1}", "nul", "{'a': 1}",
                "{\"n\":1e9999999999}", "[-1E-99999999999]")) {
            assertThatThrownBy(() -> JsonShape.DEFAULT.read(new ByteArrayInputStream(json(refused))))
                    .as(refused).isInstanceOf(JsonShape.Refused.class);
        }
        assertThat(JsonShape.DEFAULT.read(new ByteArrayInputStream(json("[".repeat(32) + "]".repeat(32)))))
                .isInstanceOf(JsonArray.class);
    }
}
