package dev.vigil.testing.callers;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.credential.CallerOnlyCredential;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Map;
import java.util.Set;

/**
 * Knows the run-as users the in-server tests' binding (src/test/resources/arquillian-application-bnd.xml)
 * gives the admin, member and app roles (the system role's run-as user is Vigil's own), as Liberty
 * asks for them: a caller-only credential.
 */
@ApplicationScoped
public class TestCallerStore implements IdentityStore {

    /** Run-as user per role, as bound in the test deployment's ibm-application-bnd.xml. */
    public static final Map<String, String> USERS = Map.of(
            "admin", "vigil-test-admin", "member", "vigil-test-member", "app", "vigil-test-app");

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (credential instanceof CallerOnlyCredential caller) {
            for (Map.Entry<String, String> user : USERS.entrySet()) {
                if (user.getValue().equals(caller.getCaller())) {
                    return new CredentialValidationResult(user.getValue(), Set.of(user.getKey()));
                }
            }
        }
        return CredentialValidationResult.NOT_VALIDATED_RESULT;
    }
}
