package dev.vigil.limits.internal.http;

import dev.vigil.limits.api.ClientAddresses;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Believes forwarding headers only from the proxies listed in {@code vigil.limits.trusted-proxies}
 * (comma-separated addresses; none by default), so a client cannot pick its own rate-limit key.
 */
@ApplicationScoped
public class TrustedProxyAddresses implements ClientAddresses {

    private static final int MAX_ADDRESS = 64;

    private Set<String> trusted = Set.of();

    @PostConstruct
    void read() {
        trusted = ConfigProvider.getConfig().getOptionalValue("vigil.limits.trusted-proxies", String.class)
                .map(TrustedProxyAddresses::split).orElse(Set.of());
    }

    TrustedProxyAddresses trusting(Set<String> proxies) {
        trusted = proxies;
        return this;
    }

    static Set<String> split(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    @Override
    public String of(HttpServletRequest request) {
        return resolve(request.getRemoteAddr(), request.getHeader("CF-Connecting-IP"), request.getHeader("X-Real-IP"),
                request.getHeader("X-Forwarded-For"));
    }

    String resolve(String peer, String cfConnectingIp, String realIp, String forwardedFor) {
        if (!trusted.contains(peer)) {
            return peer;
        }
        for (String candidate : new String[] {cfConnectingIp, realIp}) {
            if (plausible(candidate)) {
                return candidate.trim();
            }
        }
        if (forwardedFor != null) {
            List<String> hops = Arrays.stream(forwardedFor.split(",")).map(String::trim).toList();
            for (int i = hops.size() - 1; i >= 0; i--) {
                String hop = hops.get(i);
                if (!trusted.contains(hop) && plausible(hop)) {
                    return hop;
                }
            }
        }
        return peer;
    }

    private static boolean plausible(String address) {
        return address != null && !address.isBlank() && address.length() <= MAX_ADDRESS
                && address.trim().matches("[0-9A-Fa-f:.]+");
    }
}
