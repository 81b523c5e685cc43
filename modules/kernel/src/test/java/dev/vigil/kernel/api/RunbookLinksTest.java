package dev.vigil.kernel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunbookLinksTest {

    @Test
    void aFileNameIsReadUnderTheDefaultFolderWhenNoBaseIsSet() {
        assertThat(RunbookLinks.url(Optional.empty(), "slo-burning.md")).isEqualTo("runbooks/slo-burning.md");
        assertThat(RunbookLinks.url(Optional.of("  "), "slo-burning.md")).isEqualTo("runbooks/slo-burning.md");
    }

    @Test
    void aFileNameIsJoinedToTheConfiguredBaseWithOneSlash() {
        assertThat(RunbookLinks.url(Optional.of("https://git.example/ops/runbooks"), "a.md"))
                .isEqualTo("https://git.example/ops/runbooks/a.md");
        assertThat(RunbookLinks.url(Optional.of(" https://git.example/ops/runbooks/ "), "a.md"))
                .isEqualTo("https://git.example/ops/runbooks/a.md");
    }

    @Test
    void aUrlIsKeptAsWrittenAndNoneIsEmpty() {
        assertThat(RunbookLinks.url(Optional.of("https://base"), "http://wiki.example/rollback"))
                .isEqualTo("http://wiki.example/rollback");
        assertThat(RunbookLinks.url(Optional.of("https://base"), null)).isEmpty();
        assertThat(RunbookLinks.url(Optional.of("https://base"), "")).isEmpty();
    }
}
