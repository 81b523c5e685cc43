package dev.vigil.kernel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimesTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-23T10:00:00Z", "2026-11-23T10:00:00.123Z", "1970-01-01T00:00:00Z",
        "1969-12-31T23:59:59Z", "2024-02-29T12:30:45Z", "2026-12-31T23:59:59.999Z", "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z", "2026-11-23T10:00:00.5Z", "2026-11-23T10:00:00.123456789Z", "2026-11-23T10:00:00+01:00",
        "2026-06-30T23:59:60Z", "+12026-11-23T10:00:00Z",
        "2026-11-23t10:00:00Z", "2026-11-23T10:00:00z"})
    void readsWhatTheJdkReadsAsTheJdkReadsIt(String text) {
        assertThat(Times.instant(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-29T10:00:00Z", "2026-13-01T10:00:00Z", "2026-00-10T10:00:00Z", "2026-11-31T10:00:00Z",
        "2026-11-23T25:00:00Z", "2026-11-23T10:60:00Z", "2026-11-23T10:00:61Z", "2026-11-23T10:00:00",
        "2026-11-23T1a:00:00Z", "2026-11-23T10:00:00.12aZ",
        "2026-11-23 10:00:00Z", "２０２６-11-23T10:00:00Z", "-026-11-23T10:00:00Z", ""})
    void refusesWhatTheJdkRefuses(String text) {
        assertThatThrownBy(() -> Instant.parse(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> Times.instant(text)).isInstanceOf(DateTimeParseException.class);
    }
}
