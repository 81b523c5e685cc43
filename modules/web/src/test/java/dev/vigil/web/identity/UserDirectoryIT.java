package dev.vigil.web.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.identity.internal.users.UserDirectory;
import dev.vigil.kernel.api.Caller;
import dev.vigil.kernel.api.VigilException;
import dev.vigil.testing.Deployments;
import jakarta.inject.Inject;
import jakarta.annotation.Resource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import java.util.Set;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Users log in through the real database identity store with PBKDF2 hashes. */
@ExtendWith(ArquillianExtension.class)
class UserDirectoryIT {

    private static final Caller ALICE = Caller.user("alice", Set.of(Caller.Role.ADMIN));

    @Deployment
    static WebArchive deployment() {
        return Deployments.vigil(UserDirectoryIT.class);
    }

    @Inject
    UserDirectory users;

    @Inject
    IdentityStoreHandler identityStores;

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    private CredentialValidationResult login(String username, String password) {
        return identityStores.validate(new UsernamePasswordCredential(username, password));
    }

    @Test
    void theBootstrapAdminLogsInWithTheConfiguredPassword() {
        CredentialValidationResult result = login("admin", "arquillian-admin-password");
        assertEquals(CredentialValidationResult.Status.VALID, result.getStatus());
        assertEquals(Set.of("admin"), result.getCallerGroups());
    }

    @Test
    void aNewMemberLogsInAndOnlyWithTheRightPassword() {
        String name = "bob-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(name, "bobs-long-password", Caller.Role.MEMBER, ALICE);
        CredentialValidationResult ok = login(name, "bobs-long-password");
        assertEquals(CredentialValidationResult.Status.VALID, ok.getStatus());
        assertEquals(Set.of("member"), ok.getCallerGroups());
        assertEquals(CredentialValidationResult.Status.INVALID, login(name, "bobs-long-passwore").getStatus());
        assertEquals(CredentialValidationResult.Status.INVALID, login(name + "x", "bobs-long-password").getStatus());
    }

    @Test
    void passwordsAreStoredAsPbkdf2Hashes() throws SQLException {
        String name = "carl-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(name, "carls-long-password", Caller.Role.MEMBER, ALICE);
        try (Connection c = dataSource.getConnection();
             PreparedStatement query = c.prepareStatement(
                     "select password_hash from identity_user where username = ?")) {
            query.setString(1, name);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next());
                String stored = row.getString(1);
                assertTrue(stored.startsWith("PBKDF2WithHmacSHA256:120000:"), stored.substring(0, 30));
                assertFalse(stored.contains("carls-long-password"));
            }
        }
    }

    @Test
    void usernamesAreUnique() {
        String name = "dana-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(name, "danas-long-password", Caller.Role.MEMBER, ALICE);
        assertThrows(VigilException.class,
                () -> users.create(name, "another-long-password", Caller.Role.ADMIN, ALICE));
    }
}
