package dev.vigil.identity.internal.security;

import dev.vigil.kernel.api.Roles;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Members and admins log in against {@code identity_user}; passwords are PBKDF2-HMAC-SHA256 hashes.
 * An unknown or disabled user costs the same hash as a wrong password (against a hash of a
 * random password), so the time of a failed login does not tell which usernames exist. LDAP or
 * OIDC can be added through Liberty's configuration instead.
 */
@ApplicationScoped
public class UserIdentityStore implements IdentityStore {

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Inject
    PasswordHashing passwords;

    private record Account(String passwordHash, String role) {
    }

    public CredentialValidationResult validate(UsernamePasswordCredential credential) {
        Account account = find(credential.getCaller());
        String stored = account == null ? passwords.unusable() : account.passwordHash();
        boolean matches = passwords.verify(credential.getPassword().getValue(), stored);
        if (account == null || !matches) {
            return CredentialValidationResult.INVALID_RESULT;
        }
        // A user is a member or an admin, whatever the row says: its group is the container role, and
        // a stored "system" or "app" (an edited row) must never become one.
        String role = Roles.ADMIN.equals(account.role()) ? Roles.ADMIN : Roles.MEMBER;
        return new CredentialValidationResult(credential.getCaller(), Set.of(role));
    }

    private Account find(String username) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement(
                     "select password_hash, role from identity_user where username = ? and enabled = true")) {
            q.setString(1, username);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? new Account(rs.getString(1), rs.getString(2)) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("users cannot be read: " + e.getMessage(), e);
        }
    }
}
