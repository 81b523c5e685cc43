package dev.vigil.limits.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;

/**
 * The client's address: the socket peer, unless the peer is a configured trusted proxy
 * ({@code vigil.limits.trusted-proxies}), in which case the one configured header
 * ({@code vigil.limits.client-address-header}, {@code X-Forwarded-For} by default) is believed,
 * walked from the right to the first hop that is not a trusted proxy.
 */
public interface ClientAddresses {

    String of(HttpServletRequest request);

    /**
     * The key limits count this client under: {@code ip:} and its {@link #network}. One host with
     * IPv6 holds a whole /64 (2^64 addresses), so a per-address limit per IPv6 address would limit
     * nothing.
     */
    default String limitKey(HttpServletRequest request) {
        return "ip:" + network(of(request));
    }

    /**
     * An IPv4 address as it is; an IPv6 address as its /64 network ({@code 2001:db8:0:1::/64}), an
     * IPv4-mapped one ({@code ::ffff:192.0.2.1}) as its IPv4 address. Anything else as it is.
     */
    static String network(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return address;
        }
        String literal = address.startsWith("[") && address.endsWith("]")
                ? address.substring(1, address.length() - 1) : address;
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        int lastColon = literal.lastIndexOf(':');
        if (literal.indexOf('.', lastColon) >= 0) {
            return literal.substring(lastColon + 1);
        }
        String[] groups = hextets(literal.toLowerCase(Locale.ROOT));
        if (groups == null) {
            return address;
        }
        StringBuilder network = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            network.append(Integer.toHexString(Integer.parseInt(groups[i], 16))).append(':');
        }
        return network.append(":/64").toString();
    }

    /** The eight groups of an IPv6 literal, "::" filled in with zeros; null when it is not one. */
    private static String[] hextets(String literal) {
        int gap = literal.indexOf("::");
        if (gap >= 0 && literal.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        String[] left = gap < 0 ? literal.split(":", -1) : split(literal.substring(0, gap));
        String[] right = gap < 0 ? new String[0] : split(literal.substring(gap + 2));
        int missing = 8 - left.length - right.length;
        if (gap < 0 ? missing != 0 : missing < 1) {
            return null;
        }
        String[] groups = new String[8];
        for (int i = 0; i < 8; i++) {
            String group = i < left.length ? left[i] : i >= 8 - right.length ? right[i - (8 - right.length)] : "0";
            if (group.isEmpty() || group.length() > 4 || !group.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return null;
            }
            groups[i] = group;
        }
        return groups;
    }

    private static String[] split(String part) {
        return part.isEmpty() ? new String[0] : part.split(":", -1);
    }
}
