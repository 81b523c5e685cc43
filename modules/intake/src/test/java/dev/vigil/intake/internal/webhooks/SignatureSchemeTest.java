package dev.vigil.intake.internal.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignatureSchemeTest {

    private static final byte[] SECRET = "It's a Secret to Everybody".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    private static final long NOW = 1_795_000_000L;

    private static String sign(String prefix, byte[] body) {
        return HexFormat.of().formatHex(SignatureScheme.hmac(SECRET, prefix.getBytes(StandardCharsets.US_ASCII), body));
    }

    @Test
    void githubsPublishedTestVectorIsGenuine() {
        var headers = Map.of("x-hub-signature-256",
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
        assertThat(SignatureScheme.GITHUB.verify(SECRET, headers, BODY, NOW).genuine()).isTrue();
        assertThat(SignatureScheme.GITHUB.verify(SECRET, headers, "Hello, World?".getBytes(StandardCharsets.UTF_8), NOW))
                .isEqualTo(new SignatureScheme.Verdict(false, "signature mismatch", null));
        assertThat(SignatureScheme.GITHUB.verify("another secret".getBytes(StandardCharsets.UTF_8), headers, BODY, NOW)
                .genuine()).isFalse();
        assertThat(SignatureScheme.GITHUB.verify(SECRET, Map.of(), BODY, NOW).genuine()).isFalse();
        assertThat(SignatureScheme.GITHUB.verify(SECRET, Map.of("x-hub-signature-256", "sha256=zz"), BODY, NOW).reason())
                .isEqualTo("signature is not hex");
    }

    @Test
    void vigilSignaturesCarryATimestampWithin300Seconds() {
        long t = NOW - 300;
        var fresh = Map.of("x-vigil-signature", "t=" + t + ",v1=" + sign(t + ".", BODY));
        assertThat(SignatureScheme.VIGIL.verify(SECRET, fresh, BODY, NOW).genuine()).isTrue();
        long old = NOW - 301;
        var stale = Map.of("x-vigil-signature", "t=" + old + ",v1=" + sign(old + ".", BODY));
        assertThat(SignatureScheme.VIGIL.verify(SECRET, stale, BODY, NOW).reason()).contains("300 s");
        // The timestamp is signed: moving it forward breaks the signature.
        var moved = Map.of("x-vigil-signature", "t=" + NOW + ",v1=" + sign(old + ".", BODY));
        assertThat(SignatureScheme.VIGIL.verify(SECRET, moved, BODY, NOW).genuine()).isFalse();
        assertThat(SignatureScheme.VIGIL.verify(SECRET, Map.of("x-vigil-signature", "v1=abcd"), BODY, NOW).genuine())
                .isFalse();
    }

    @Test
    void slackSignsVersionTimestampAndBody() {
        long ts = NOW - 10;
        var headers = Map.of("x-slack-request-timestamp", Long.toString(ts), "x-slack-signature",
                "v0=" + sign("v0:" + ts + ":", BODY));
        assertThat(SignatureScheme.SLACK.verify(SECRET, headers, BODY, NOW).genuine()).isTrue();
        assertThat(SignatureScheme.SLACK.verify(SECRET, headers, BODY, ts + 301).genuine()).isFalse();
        assertThat(SignatureScheme.SLACK.verify(SECRET, headers, "tampered".getBytes(StandardCharsets.UTF_8), NOW)
                .genuine()).isFalse();
    }

    @Test
    void schemesParseByName() {
        assertThat(SignatureScheme.parse("github")).contains(SignatureScheme.GITHUB);
        assertThat(SignatureScheme.parse("Slack")).contains(SignatureScheme.SLACK);
        assertThat(SignatureScheme.parse("md5")).isEmpty();
        assertThat(SignatureScheme.parse(null)).isEmpty();
    }
}
