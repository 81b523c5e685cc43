package dev.vigil.identity.internal.apps;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An app's API key {@code vgl_<prefix>_<secret>}. The prefix is stored in clear and indexed to find
 * the key; only a SHA-256 of the 256-bit secret is stored, so a stolen table yields no usable key.
 */
public record ApiKey(String prefix, String secret) {

    static final String SCHEME = "vgl_";
    private static final int PREFIX_LENGTH = 12;
    private static final Pattern FORMAT = Pattern.compile("vgl_([a-z0-9]{12})_([A-Za-z0-9_-]{43})");
    private static final char[] PREFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    public static ApiKey generate() {
        char[] prefix = new char[PREFIX_LENGTH];
        for (int i = 0; i < prefix.length; i++) {
            prefix[i] = PREFIX_ALPHABET[RANDOM.nextInt(PREFIX_ALPHABET.length)];
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return new ApiKey(new String(prefix), Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    public static Optional<ApiKey> parse(String token) {
        var matcher = FORMAT.matcher(token);
        return matcher.matches() ? Optional.of(new ApiKey(matcher.group(1), matcher.group(2))) : Optional.empty();
    }

    /** The key as the app sends it; shown once, never stored. */
    public String token() {
        return SCHEME + prefix + "_" + secret;
    }

    public String secretHash() {
        return HexFormat.of().formatHex(sha256(secret));
    }

    /** Constant-time comparison with a stored hash. */
    public boolean matches(String storedHash) {
        return MessageDigest.isEqual(HexFormat.of().parseHex(storedHash), sha256(secret));
    }

    @Override
    public String toString() {
        return "ApiKey[" + SCHEME + prefix + "_...]";
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
