package dev.vigil.limits.internal.http;

import dev.vigil.limits.api.ClientAddresses;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The client address as the rate limits see it. Forwarding headers are believed only from the
 * proxies listed in {@code vigil.limits.trusted-proxies} (comma-separated addresses; none by
 * default), and only the one header {@code vigil.limits.client-address-header} names
 * ({@code X-Forwarded-For} by default; {@code CF-Connecting-IP} or {@code X-Real-IP} where the
 * proxy in front sets that one itself). A typical proxy appends to {@code X-Forwarded-For} and
 * passes the client's own other headers through, so believing several would let a client pick
 * its key. {@code X-Forwarded-For} is walked from the right: each hop added by a trusted proxy is
 * believed, and the walk stops at the first hop that is not a trusted proxy (the client) or not an
 * address (the last address believed is used).
 */
@ApplicationScoped
public class TrustedProxyAddresses implements ClientAddresses {

    static final String FORWARDED_FOR = "x-forwarded-for";
    private static final int MAX_ADDRESS = 64;

    private Set<String> trusted = Set.of();
    private String header = FORWARDED_FOR;

    @PostConstruct
    void read() {
        var config = ConfigProvider.getConfig();
        trusted = config.getOptionalValue("vigil.limits.trusted-proxies", String.class)
                .map(TrustedProxyAddresses::split).orElse(Set.of());
        header = config.getOptionalValue("vigil.limits.client-address-header", String.class)
                .map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).orElse(FORWARDED_FOR);
    }

    TrustedProxyAddresses trusting(Set<String> proxies, String clientAddressHeader) {
        trusted = proxies;
        header = clientAddressHeader.toLowerCase(Locale.ROOT);
        return this;
    }

    static Set<String> split(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    @Override
    public String of(HttpServletRequest request) {
        // Every field of the header, in order: a proxy may add its own line instead of appending to
        // the client's (HAProxy's option forwardfor), and the first line is then the client's own.
        List<String> fields = Collections.list(request.getHeaders(header));
        if (fields.size() > 1 && !header.equals(FORWARDED_FOR)) {
            return request.getRemoteAddr(); // a single-value header sent twice: one of them is forged
        }
        return resolve(request.getRemoteAddr(), fields.isEmpty() ? null : String.join(",", fields));
    }

    /** The client behind {@code peer}, given the value of the one believed header (may be null). */
    String resolve(String peer, String value) {
        if (!trusted.contains(peer) || value == null) {
            return peer;
        }
        if (!header.equals(FORWARDED_FOR)) {
            return plausible(value) ? value.trim() : peer;
        }
        String client = peer;
        String[] hops = value.split(",");
        for (int i = hops.length - 1; i >= 0 && trusted.contains(client); i--) {
            String hop = hops[i].trim();
            if (!plausible(hop)) {
                break;
            }
            client = hop;
        }
        return client;
    }

    private static boolean plausible(String address) {
        return address != null && !address.isBlank() && address.length() <= MAX_ADDRESS
                && address.trim().matches("[0-9A-Fa-f:.]+");
    }
}
