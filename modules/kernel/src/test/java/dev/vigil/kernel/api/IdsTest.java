package dev.vigil.kernel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void idsAreVersion7AndUnique() {
        var seen = new HashSet<String>();
        for (int i = 0; i < 10_000; i++) {
            String id = Ids.newId();
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(7);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(seen.add(id)).isTrue();
        }
    }

    @Test
    void idsSortByCreationMillisecond() throws Exception {
        String first = Ids.newId();
        long firstMillis = UUID.fromString(first).getMostSignificantBits() >>> 16;
        long later;
        String second;
        do {
            second = Ids.newId();
            later = UUID.fromString(second).getMostSignificantBits() >>> 16;
        } while (later == firstMillis);
        assertThat(second.compareTo(first)).isPositive();
    }
}
