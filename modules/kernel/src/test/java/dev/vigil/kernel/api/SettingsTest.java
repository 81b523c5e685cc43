package dev.vigil.kernel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private static Settings of(Map<String, String> values) {
        return new Settings(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void missingValuesTakeTheDefault() {
        Settings settings = of(Map.of());
        assertThat(settings.number("vigil.x", 7, 1, 10)).isEqualTo(7);
        assertThat(settings.problems()).isEmpty();
    }

    @Test
    void wrongNumbersNameTheKeyAndFallBack() {
        Settings settings = of(Map.of("vigil.a", "abc", "vigil.b", "99"));
        assertThat(settings.number("vigil.a", 7, 1, 10)).isEqualTo(7);
        assertThat(settings.number("vigil.b", 7, 1, 10)).isEqualTo(7);
        assertThat(settings.problems()).hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith("vigil.a ").contains("whole number"))
                .anySatisfy(p -> assertThat(p).startsWith("vigil.b ").contains("between 1 and 10"));
    }

    @Test
    void shortSecretsAreRefusedWithoutEchoingThem() {
        Settings settings = of(Map.of("vigil.secret", "hunter2"));
        assertThat(settings.secret("vigil.secret", 12)).isEmpty();
        assertThat(settings.problems()).singleElement().asString()
                .contains("vigil.secret").doesNotContain("hunter2");
    }

    @Test
    void goodValuesPass() {
        Settings settings = of(Map.of("vigil.n", " 5 ", "vigil.secret", "long-enough-secret"));
        assertThat(settings.number("vigil.n", 7, 1, 10)).isEqualTo(5);
        assertThat(settings.secret("vigil.secret", 12)).contains("long-enough-secret");
        assertThat(settings.problems()).isEmpty();
    }
}
