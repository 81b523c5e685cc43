package dev.vigil.limits.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class TrustedProxyAddressesTest {

    private static final Set<String> PROXIES = Set.of("10.0.0.1", "10.0.0.2");
    private final TrustedProxyAddresses forwardedFor = new TrustedProxyAddresses().trusting(PROXIES, "X-Forwarded-For");

    @Test
    void anUntrustedPeerIsTheClientWhateverItClaims() {
        assertThat(forwardedFor.resolve("198.51.100.9", "203.0.113.3")).isEqualTo("198.51.100.9");
    }

    @Test
    void forwardedForYieldsTheLastHopNotAddedByATrustedProxy() {
        // The client may forge the leftmost entries; only what the trusted proxies appended counts.
        assertThat(forwardedFor.resolve("10.0.0.1", "1.2.3.4, 203.0.113.7, 10.0.0.2")).isEqualTo("203.0.113.7");
        assertThat(forwardedFor.resolve("10.0.0.1", "203.0.113.7")).isEqualTo("203.0.113.7");
        // A client that puts a trusted proxy's address in front gains nothing: the walk stops at it.
        assertThat(forwardedFor.resolve("10.0.0.1", "10.0.0.2, 203.0.113.7")).isEqualTo("203.0.113.7");
    }

    @Test
    void theWalkStopsAtTheFirstHopThatIsNoAddress() {
        assertThat(forwardedFor.resolve("10.0.0.1", "203.0.113.9, not an address, 10.0.0.2")).isEqualTo("10.0.0.2");
        assertThat(forwardedFor.resolve("10.0.0.1", "203.0.113.9, <script>")).isEqualTo("10.0.0.1");
        assertThat(forwardedFor.resolve("10.0.0.1", "1".repeat(100))).isEqualTo("10.0.0.1");
        assertThat(forwardedFor.resolve("10.0.0.1", " ")).isEqualTo("10.0.0.1");
    }

    @Test
    void onlyTheConfiguredHeaderIsBelieved() {
        // With X-Forwarded-For configured, a client's own CF-Connecting-IP is never read (of() reads one header).
        TrustedProxyAddresses cloudflare = new TrustedProxyAddresses().trusting(PROXIES, "CF-Connecting-IP");
        assertThat(cloudflare.resolve("10.0.0.1", "203.0.113.1")).isEqualTo("203.0.113.1");
        assertThat(cloudflare.resolve("10.0.0.1", "203.0.113.1, 203.0.113.2")).isEqualTo("10.0.0.1");
        assertThat(cloudflare.resolve("198.51.100.9", "203.0.113.1")).isEqualTo("198.51.100.9");
    }
}
