package dev.vigil.identity.internal.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/** Hashes new passwords and verifies given ones, with the same parameters everywhere. */
@ApplicationScoped
public class PasswordHashing {

    /** OWASP's floor for PBKDF2-HMAC-SHA256 is higher; this keeps a login near 50 ms on 2 cores. */
    static final String ITERATIONS = "120000";

    @Inject
    Pbkdf2PasswordHash hash;

    /** A hash no password is known for: what a login for an unknown user is checked against. */
    private String unusable;

    @PostConstruct
    void configure() {
        hash.initialize(Map.of(
                "Pbkdf2PasswordHash.Iterations", ITERATIONS,
                "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA256",
                "Pbkdf2PasswordHash.SaltSizeBytes", "16",
                "Pbkdf2PasswordHash.KeySizeBytes", "32"));
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        unusable = hash(HexFormat.of().formatHex(random));
    }

    public String hash(String password) {
        return hash.generate(password.toCharArray());
    }

    /** Whether the password is the one the stored hash was made from; a malformed hash matches nothing. */
    boolean verify(char[] password, String stored) {
        try {
            return hash.verify(password, stored);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    String unusable() {
        return unusable;
    }
}
