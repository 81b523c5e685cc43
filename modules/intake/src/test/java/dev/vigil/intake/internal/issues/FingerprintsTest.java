package dev.vigil.intake.internal.issues;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FingerprintsTest {

    @Test
    void summariesThatDifferOnlyInNumbersIdsCaseAndSpacesGroupTogether() {
        String a = Fingerprints.of("app", null, "Upload 3 stuck at 99%  for run 0d5c2c8e-4f7b-4b8e-9d6b-2f1e8c7a9b10",
                List.of("upload.retry", "upload.retry", "net.offline"));
        String b = Fingerprints.of("app", null, "upload 7 STUCK at 12% for run 11111111-2222-3333-4444-555555555555",
                List.of("net.offline", "upload.retry"));
        assertThat(a).isEqualTo(b).hasSize(64);
    }

    @Test
    void otherEventsOtherAppsAndClientFingerprintsSeparate() {
        String base = Fingerprints.of("app", null, "Upload stuck", List.of("upload.retry"));
        assertThat(Fingerprints.of("app", null, "Upload stuck", List.of("model.fallback"))).isNotEqualTo(base);
        assertThat(Fingerprints.of("other-app", null, "Upload stuck", List.of("upload.retry"))).isNotEqualTo(base);
        String client = Fingerprints.of("app", List.of("uploader", "timeout"), "anything", List.of());
        assertThat(Fingerprints.of("app", List.of("uploader", "timeout"), "something else", List.of("x")))
                .isEqualTo(client);
        assertThat(client).isNotEqualTo(base);
    }

    @Test
    void theThreeMostFrequentEventTypesDominate() {
        assertThat(Fingerprints.dominant(List.of("d", "a", "b", "b", "c", "c", "c", "a")))
                .containsExactly("c", "a", "b");
    }
}
