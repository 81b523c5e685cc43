package dev.vigil.kernel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {

    @Test
    void codesAreUniqueSnakeCase() {
        var codes = Arrays.stream(ErrorCode.values()).map(ErrorCode::code).collect(Collectors.toList());
        assertThat(codes).doesNotHaveDuplicates().allMatch(c -> c.matches("[a-z]+(_[a-z]+)*"));
    }

    @Test
    void everyCodeIsAnErrorStatus() {
        assertThat(ErrorCode.values()).allMatch(c -> c.status() >= 400 && c.status() < 600);
    }

    @Test
    void designTaxonomyIsPresent() {
        assertThat(ErrorCode.fromCode("invalid_json")).contains(ErrorCode.INVALID_JSON);
        assertThat(ErrorCode.fromCode("idempotency_mismatch").map(ErrorCode::status)).contains(422);
        assertThat(ErrorCode.fromCode("dependency_unavailable").map(ErrorCode::status)).contains(503);
        assertThat(ErrorCode.fromCode("nonsense")).isEmpty();
    }

    @Test
    void statusesMapToTheirCodes() {
        assertThat(ErrorCode.forStatus(404)).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(ErrorCode.forStatus(405)).isEqualTo(ErrorCode.METHOD_NOT_ALLOWED);
        assertThat(ErrorCode.forStatus(415)).isEqualTo(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
        assertThat(ErrorCode.forStatus(413)).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
        assertThat(ErrorCode.forStatus(418)).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(ErrorCode.forStatus(500)).isEqualTo(ErrorCode.INTERNAL_ERROR);
    }

    @Test
    void problemCarriesCodeAndStatus() {
        Problem p = Problem.of(ErrorCode.FORBIDDEN, "no", "/x");
        assertThat(p.status()).isEqualTo(403);
        assertThat(p.code()).isEqualTo("forbidden");
        assertThat(p.type()).isEqualTo("urn:vigil:problem:forbidden");
        assertThat(p.errors()).isEmpty();
    }
}
