package dev.vigil.identity.internal.users;

import dev.vigil.identity.internal.config.IdentityConfig;
import dev.vigil.kernel.api.Caller;
import dev.vigil.kernel.api.SchemaReady;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.Set;
import java.util.logging.Logger;

/**
 * On the first start (no user {@code admin} yet) creates {@code admin} with the password from
 * {@code VIGIL_BOOTSTRAP_ADMIN_PASSWORD}, or a random one that is printed to the log this once.
 */
@ApplicationScoped
public class BootstrapAdmin {

    static final String USERNAME = "admin";
    private static final Logger LOG = Logger.getLogger(BootstrapAdmin.class.getName());
    private static final char[] ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final Caller SYSTEM = Caller.user("system", Set.of(Caller.Role.ADMIN));

    @Inject
    UserDirectory users;

    @Inject
    IdentityConfig config;

    void onSchemaReady(@Observes SchemaReady ready) {
        if (users.exists(USERNAME)) {
            return;
        }
        boolean configured = config.bootstrapAdminPassword().isPresent();
        String password = config.bootstrapAdminPassword().orElseGet(BootstrapAdmin::randomPassword);
        try {
            users.create(USERNAME, password, Caller.Role.ADMIN, SYSTEM);
        } catch (RuntimeException e) {
            // Another server starting at the same time created it first.
            if (users.exists(USERNAME)) {
                return;
            }
            throw e;
        }
        if (configured) {
            LOG.info("Created user 'admin' with the password from VIGIL_BOOTSTRAP_ADMIN_PASSWORD");
        } else {
            LOG.warning("Created user 'admin' with the random password " + password
                    + " (shown only this once; set VIGIL_BOOTSTRAP_ADMIN_PASSWORD to choose it)");
        }
    }

    static String randomPassword() {
        SecureRandom random = new SecureRandom();
        char[] password = new char[20];
        for (int i = 0; i < password.length; i++) {
            password[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(password);
    }
}
