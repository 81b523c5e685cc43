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

    /** Bytes that are not UTF-8, each inside an otherwise valid string (RFC 3629's ill-formed sequences). */
    static final List<byte[]> NOT_UTF8 = List.of(
            bytes(0xff, 0xfe),             // never in UTF-8
            bytes(0x80),                   // a lone continuation byte
            bytes(0xe2, 0x82),             // a truncated three-byte sequence
            bytes(0xc0, 0xaf),             // an overlong '/'
            bytes(0xe0, 0x80, 0xaf),       // an overlong '/' in three bytes
            bytes(0xed, 0xa0, 0x80),       // an encoded surrogate (CESU-8)
            bytes(0xf4, 0x90, 0x80, 0x80), // past U+10FFFF
            bytes(0xc3));                  // a lead byte and the string ends

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static byte[] summaryWith(byte[] inside) {
        byte[] head = json("{\"summary\":\"x");
        byte[] tail = json("y\"}");
        byte[] all = new byte[head.length + inside.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(inside, 0, all, head.length, inside.length);
        System.arraycopy(tail, 0, all, head.length + inside.length, tail.length);
        return all;
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedNotReplaced() {
        for (byte[] bad : NOT_UTF8) {
            byte[] document = summaryWith(bad);
            assertThat(JsonShape.DEFAULT.violation(document)).as(java.util.HexFormat.of().formatHex(bad))
                    .hasValueSatisfying(v -> assertThat(v).contains("UTF-8"));
            assertThatThrownBy(() -> JsonShape.DEFAULT.read(new ByteArrayInputStream(document)))
                    .as(java.util.HexFormat.of().formatHex(bad)).isInstanceOf(JsonShape.Refused.class);
        }
        byte[] multilingual = summaryWith(json("\u00e9\u20ac\ud83d\ude00"));
        assertThat(JsonShape.DEFAULT.violation(multilingual)).isEmpty();
        assertThat(JsonShape.DEFAULT.read(new ByteArrayInputStream(multilingual)).asJsonObject().getString("summary"))
                .isEqualTo("x\u00e9\u20ac\ud83d\ude00y");
    }

    @Test
    void escapedLoneSurrogatesAreRefusedAndPairsKept() {
        for (String refused : List.of("{\"s\":\"x\\ud800y\"}", "{\"s\":\"\\udc00\"}", "{\"s\":\"\\ud800\"}",
                "{\"\\ud800\":1}", "[\"\\ude00\\ud83d\"]")) {
            assertThat(JsonShape.DEFAULT.violation(json(refused))).as(refused)
                    .hasValueSatisfying(v -> assertThat(v).contains("surrogate"));
            assertThatThrownBy(() -> JsonShape.DEFAULT.read(new ByteArrayInputStream(json(refused))))
                    .as(refused).isInstanceOf(JsonShape.Refused.class);
        }
        assertThat(JsonShape.DEFAULT.read(new ByteArrayInputStream(json("[\"\\ud83d\\ude00\"]"))).asJsonArray()
                .getString(0)).isEqualTo("\ud83d\ude00");
    }
}
