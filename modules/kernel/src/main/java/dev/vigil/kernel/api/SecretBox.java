package dev.vigil.kernel.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secrets at rest (signing secrets, channel credentials): AES-256-GCM under a key from
 * configuration, with the previous key still accepted while stored secrets are re-sealed after a
 * rotation. A sealed value reads {@code v1.<key id>.<base64url(iv | ciphertext)>}; the key id is the
 * first 8 hex digits of the key's SHA-256, so a value says which key sealed it.
 */
public final class SecretBox {

    private static final String PREFIX = "v1";
    private static final byte[] CONTEXT = "vigil-secret-v1".getBytes(StandardCharsets.UTF_8);
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Key current;
    private final Optional<Key> previous;

    private record Key(String id, SecretKeySpec spec) {
    }

    /** What {@link #open} found: the secret, and whether the previous key was needed. */
    public record Opened(String secret, boolean withPreviousKey) {
    }

    private SecretBox(Key current, Optional<Key> previous) {
        this.current = current;
        this.previous = previous;
    }

    /**
     * @param currentKey base64 of 32 random bytes
     * @param previousKey the key before the last rotation, or null
     * @throws IllegalArgumentException naming which key is not 32 bytes of base64
     */
    public static SecretBox of(String currentKey, String previousKey) {
        return new SecretBox(key("current", currentKey),
                previousKey == null || previousKey.isBlank() ? Optional.empty() : Optional.of(key("previous", previousKey)));
    }

    public String seal(String secret) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, current.spec(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(CONTEXT);
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return PREFIX + "." + current.id() + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /**
     * Opens a sealed value with the key that sealed it.
     *
     * @throws IllegalArgumentException when neither key sealed it or it was altered
     */
    public Opened open(String sealed) {
        String[] parts = sealed == null ? new String[0] : sealed.split("\\.", 3);
        if (parts.length != 3 || !parts[0].equals(PREFIX)) {
            throw new IllegalArgumentException("not a sealed secret");
        }
        Key key;
        if (parts[1].equals(current.id())) {
            key = current;
        } else if (previous.isPresent() && parts[1].equals(previous.get().id())) {
            key = previous.get();
        } else {
            throw new IllegalArgumentException("sealed with key " + parts[1] + ", which is neither the current nor the"
                    + " previous key");
        }
        try {
            byte[] in = Base64.getUrlDecoder().decode(parts[2]);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.spec(), new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            cipher.updateAAD(CONTEXT);
            byte[] plain = cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES);
            return new Opened(new String(plain, StandardCharsets.UTF_8), key != current);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("sealed secret altered or unreadable", e);
        }
    }

    /**
     * Keys for another purpose than sealing (an HMAC key for fingerprints), derived from the current
     * and, when set, the previous key as HMAC-SHA256(key, purpose): the current one first. Neither
     * reveals the key it came from, and each purpose gets its own.
     */
    public List<byte[]> derivedKeys(String purpose) {
        List<byte[]> keys = new ArrayList<>();
        keys.add(derive(current, purpose));
        previous.ifPresent(key -> keys.add(derive(key, purpose)));
        return List.copyOf(keys);
    }

    private static byte[] derive(Key key, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.spec().getEncoded(), "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }

    /** Whether a sealed value was sealed with the previous key (and should be re-sealed). */
    public boolean needsReseal(String sealed) {
        return sealed != null && !sealed.startsWith(PREFIX + "." + current.id() + ".");
    }

    private static Key key(String which, String base64) {
        byte[] bytes;
        try {
            bytes = base64 == null ? new byte[0] : Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + which + " key is not base64", e);
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException("the " + which + " key must be 32 random bytes in base64 (it has "
                    + bytes.length + ")");
        }
        try {
            String id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 8);
            return new Key(id, new SecretKeySpec(bytes, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
