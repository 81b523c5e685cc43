package dev.vigil.limits.internal.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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
}
