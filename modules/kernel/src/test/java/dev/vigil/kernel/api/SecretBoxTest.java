package dev.vigil.kernel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private final String oldKey = newKey();
    private final String newKey = newKey();

    @Test
    void sealsSoTheSecretIsNotReadableAndOpensItAgain() {
        SecretBox box = SecretBox.of(newKey, null);
        String sealed = box.seal("It's a Secret to Everybody");
        assertThat(sealed).startsWith("v1.").doesNotContain("Secret");
        assertThat(box.seal("It's a Secret to Everybody")).isNotEqualTo(sealed);
        assertThat(box.open(sealed)).isEqualTo(new SecretBox.Opened("It's a Secret to Everybody", false));
        assertThat(box.needsReseal(sealed)).isFalse();
    }

    @Test
    void afterARotationThePreviousKeyStillOpensAndSaysSo() {
        String sealedBefore = SecretBox.of(oldKey, null).seal("s3cret");
        SecretBox rotated = SecretBox.of(newKey, oldKey);
        assertThat(rotated.open(sealedBefore)).isEqualTo(new SecretBox.Opened("s3cret", true));
        assertThat(rotated.needsReseal(sealedBefore)).isTrue();
        assertThatThrownBy(() -> SecretBox.of(newKey, null).open(sealedBefore))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("neither");
    }

    @Test
    void alteredValuesAndBadKeysAreRefused() {
        SecretBox box = SecretBox.of(newKey, null);
        String sealed = box.seal("s3cret");
        char last = sealed.charAt(sealed.length() - 2);
        String altered = sealed.substring(0, sealed.length() - 2) + (last == 'A' ? 'B' : 'A') + sealed.charAt(sealed.length() - 1);
        assertThatThrownBy(() -> box.open(altered)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> box.open("plain")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SecretBox.of("c2hvcnQ=", null)).hasMessageContaining("current key must be 32");
        assertThatThrownBy(() -> SecretBox.of(newKey, "not base64!")).hasMessageContaining("previous key is not base64");
    }

    @Test
    void derivedKeysArePerPurposeAndSurviveARotationAsThePreviousOne() {
        byte[] before = SecretBox.of(oldKey, null).derivedKeys("fingerprint").get(0);
        var rotated = SecretBox.of(newKey, oldKey).derivedKeys("fingerprint");
        assertThat(before).hasSize(32).isNotEqualTo(Base64.getDecoder().decode(oldKey));
        assertThat(rotated).hasSize(2);
        assertThat(rotated.get(1)).isEqualTo(before);
        assertThat(rotated.get(0)).isNotEqualTo(before);
        assertThat(SecretBox.of(oldKey, null).derivedKeys("another purpose").get(0)).isNotEqualTo(before);
    }
}
