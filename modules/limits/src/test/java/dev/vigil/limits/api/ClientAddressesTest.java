package dev.vigil.limits.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Limits count an IPv6 client by its /64: one host holds all of it. */
class ClientAddressesTest {

    @ParameterizedTest
    @CsvSource({
            "192.0.2.7, 192.0.2.7",
            "2001:db8:0:1::7, 2001:db8:0:1::/64",
            "2001:db8:0:1:ffff:ffff:ffff:ffff, 2001:db8:0:1::/64",
            "2001:0DB8:0000:0001:0:0:0:1, 2001:db8:0:1::/64",
            "::1, 0:0:0:0::/64",
            "0:0:0:0:0:0:0:1, 0:0:0:0::/64",
            "fe80::1%eth0, fe80:0:0:0::/64",
            "[2001:db8::1], 2001:db8:0:0::/64",
            "::ffff:192.0.2.7, 192.0.2.7",
            "2001:db8::1::2, 2001:db8::1::2",
            "1:2:3:4:5:6:7:8:9, 1:2:3:4:5:6:7:8:9",
            "12345::1, 12345::1",
            "1:2:3, 1:2:3"
    })
    void anIpv6AddressCountsAsItsNetwork(String address, String network) {
        assertThat(ClientAddresses.network(address)).isEqualTo(network);
    }

    @ParameterizedTest
    @CsvSource({"2001:db8:0:1::7, 2001:db8:0:1:dead:beef:0:1", "2001:db8:0:1::, 2001:0db8:0:0001::ffff"})
    void twoAddressesOfOneNetworkAreOneClient(String one, String other) {
        assertThat(ClientAddresses.network(one)).isEqualTo(ClientAddresses.network(other));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1:2:3:4:5:6:7:.", ":.", "[]", "::ffff:", ":", "::", ":::", "[", "]", "%", "::%",
            "ffff:::", "1::2::", "fffff::", "....", "::1.", "", "g::1"})
    void garbageIsKeptAsItIsOrKeyedWithoutFailing(String address) {
        assertThatCode(() -> ClientAddresses.network(address)).doesNotThrowAnyException();
    }
}
