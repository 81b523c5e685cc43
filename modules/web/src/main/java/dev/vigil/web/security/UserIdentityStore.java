package dev.vigil.web.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.identitystore.DatabaseIdentityStoreDefinition;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;

/**
 * Members and admins log in against {@code web_user}; passwords are PBKDF2-HMAC-SHA256 hashes.
 * LDAP or OIDC can be added through Liberty's configuration instead.
 */
@ApplicationScoped
@DatabaseIdentityStoreDefinition(
        dataSourceLookup = "jdbc/vigil",
        callerQuery = "select password_hash from web_user where username = ? and enabled = true",
        groupsQuery = "select role from web_user where username = ? and enabled = true",
        hashAlgorithm = Pbkdf2PasswordHash.class,
        hashAlgorithmParameters = {
            "Pbkdf2PasswordHash.Iterations=" + PasswordHashing.ITERATIONS,
            "Pbkdf2PasswordHash.Algorithm=PBKDF2WithHmacSHA256",
            "Pbkdf2PasswordHash.SaltSizeBytes=16",
            "Pbkdf2PasswordHash.KeySizeBytes=32"
        })
public class UserIdentityStore {
}
