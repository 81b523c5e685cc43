package dev.vigil.identity.internal.security;

import dev.vigil.limits.api.AuthenticationGuard;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * One presented {@code Authorization} header, and the keys its failures are counted under: the
 * user at this address and the user from anywhere (Basic), or the key prefix (Bearer), and the
 * client address (see {@link dev.vigil.limits.api.AuthenticationGuard}).
 */
record Attempt(Scheme scheme, String credentials, List<String> limitKeys) {

    enum Scheme { BEARER, BASIC, OTHER }

    private static final int PREFIX_END = "vgl_".length() + 12;

    /** @param ip the client's limit key ({@code ip:} and its address, an IPv6 address by its /64) */
    static Attempt of(String header, String ip) {
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = header.substring(7).trim();
            String prefix = token.startsWith("vgl_") && token.length() >= PREFIX_END
                    && storable(token.substring(0, PREFIX_END)) ? token.substring(0, PREFIX_END) : "malformed";
            return new Attempt(Scheme.BEARER, token, List.of(ip, "key:" + prefix));
        }
        if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String encoded = header.substring(6).trim();
            String user = username(encoded);
            // The address first: a walled address is refused before anything else is counted or written.
            return new Attempt(Scheme.BASIC, encoded, List.of(ip, "user:" + user + "|" + ip,
                    AuthenticationGuard.ACCOUNT + user));
        }
        return new Attempt(Scheme.OTHER, "", List.of(ip));
    }

    /** The keys a form login's failure counts under, as a Basic one's: the address, the user there, the user. */
    static List<String> login(String username, String ip) {
        String name = username.substring(0, Math.min(username.length(), 64)).toLowerCase(Locale.ROOT);
        String user = storable(name) ? name : "malformed";
        return List.of(ip, "user:" + user + "|" + ip, AuthenticationGuard.ACCOUNT + user);
    }

    private static String username(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return "malformed"; // without a colon it may all be a password: never a stored key
            }
            String name = decoded.substring(0, Math.min(colon, 64)).toLowerCase(Locale.ROOT);
            return storable(name) ? name : "malformed";
        } catch (IllegalArgumentException e) {
            return "malformed";
        }
    }

    /** Whether a username holds a control character: no user's, and a NUL fails a PostgreSQL lookup. */
    static boolean hasControlCharacter(String text) {
        return text.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    /**
     * Whether a caller's text may become part of a limit key, which is stored: not with control
     * characters (PostgreSQL refuses U+0000, and a refused key would stop every later flush of
     * pressure events).
     */
    private static boolean storable(String text) {
        return text.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    }
}
