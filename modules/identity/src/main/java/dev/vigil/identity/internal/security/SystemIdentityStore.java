package dev.vigil.identity.internal.security;

import dev.vigil.kernel.api.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.credential.CallerOnlyCredential;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Set;

/**
 * The system identity timers and internal work run as ({@code @RunAs("system")}): Liberty asks for
 * the run-as user bound in server.xml with a {@link CallerOnlyCredential} (at start-up and on
 * each timer expiration), and this store answers with the {@code system} group. Nothing that comes
 * over HTTP is a caller-only credential (the authentication mechanism only ever checks a username
 * and password), so no request can become the system.
 */
@ApplicationScoped
public class SystemIdentityStore implements IdentityStore {

    /** The run-as user bound to the {@code system} role. */
    public static final String SYSTEM_USER = "vigil-system";

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (credential instanceof CallerOnlyCredential caller && SYSTEM_USER.equals(caller.getCaller())) {
            return new CredentialValidationResult(SYSTEM_USER, Set.of(Roles.SYSTEM));
        }
        return CredentialValidationResult.NOT_VALIDATED_RESULT;
    }
}
