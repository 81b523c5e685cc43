package dev.vigil.limits.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class TrustedProxyAddressesTest {

    private final TrustedProxyAddresses addresses = new TrustedProxyAddresses().trusting(Set.of("10.0.0.1", "10.0.0.2"));

    @Test
    void anUntrustedPeerIsTheClientWhateverItClaims() {
        assertThat(addresses.resolve("198.51.100.9", "203.0.113.1", "203.0.113.2", "203.0.113.3"))
                .isEqualTo("198.51.100.9");
    }

    @Test
    void aTrustedProxyIsBelievedInOrderOfPreference() {
        assertThat(addresses.resolve("10.0.0.1", "203.0.113.1", "203.0.113.2", "203.0.113.3")).isEqualTo("203.0.113.1");
        assertThat(addresses.resolve("10.0.0.1", null, "203.0.113.2", "203.0.113.3")).isEqualTo("203.0.113.2");
    }

    @Test
    void forwardedForYieldsTheLastHopNotAddedByATrustedProxy() {
        // The client may forge the leftmost entries; only what the trusted proxies appended counts.
        assertThat(addresses.resolve("10.0.0.1", null, null, "1.2.3.4, 203.0.113.7, 10.0.0.2"))
                .isEqualTo("203.0.113.7");
    }

    @Test
    void garbageInHeadersFallsBackToThePeer() {
        assertThat(addresses.resolve("10.0.0.1", "<script>", " ", "not an address, 10.0.0.2")).isEqualTo("10.0.0.1");
        assertThat(addresses.resolve("10.0.0.1", "1".repeat(100), null, null)).isEqualTo("10.0.0.1");
    }
}
