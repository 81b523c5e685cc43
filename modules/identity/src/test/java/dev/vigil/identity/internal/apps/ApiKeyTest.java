package dev.vigil.identity.internal.apps;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiKeyTest {

    @Test
    void generatedKeysParseBackAndMatchTheirHash() {
        ApiKey key = ApiKey.generate();
        assertThat(key.token()).startsWith("vgl_").hasSize(4 + 12 + 1 + 43);
        ApiKey parsed = ApiKey.parse(key.token()).orElseThrow();
        assertThat(parsed).isEqualTo(key);
        assertThat(parsed.matches(key.secretHash())).isTrue();
    }

    @Test
    void anotherSecretWithTheSamePrefixDoesNotMatch() {
        ApiKey key = ApiKey.generate();
        ApiKey forged = new ApiKey(key.prefix(), ApiKey.generate().secret());
        assertThat(forged.matches(key.secretHash())).isFalse();
    }

    @Test
    void storedHashIsNotTheSecret() {
        ApiKey key = ApiKey.generate();
        assertThat(key.secretHash()).hasSize(64).doesNotContain(key.secret());
    }

    @Test
    void malformedTokensAreRejected() {
        String good = ApiKey.generate().token();
        assertThat(ApiKey.parse("")).isEmpty();
        assertThat(ApiKey.parse("vgl_")).isEmpty();
        assertThat(ApiKey.parse(good.replace("vgl_", "xyz_"))).isEmpty();
        assertThat(ApiKey.parse(good + "x")).isEmpty();
        assertThat(ApiKey.parse(good.substring(0, good.length() - 1))).isEmpty();
        assertThat(ApiKey.parse(good.toUpperCase())).isEmpty();
    }

    @Test
    void toStringNeverShowsTheSecret() {
        ApiKey key = ApiKey.generate();
        assertThat(key.toString()).doesNotContain(key.secret()).contains(key.prefix());
    }
}
