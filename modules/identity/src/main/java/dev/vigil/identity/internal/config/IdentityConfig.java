package dev.vigil.identity.internal.config;

import dev.vigil.identity.api.IdentitySettings;
import dev.vigil.identity.internal.security.SystemIdentityState;
import dev.vigil.kernel.api.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The identity module's knobs (documented in the root README's "Configuration"). Their keys are the
 * ones they had while identity was part of the web module, so deployed settings keep working.
 */
@ApplicationScoped
public class IdentityConfig implements IdentitySettings {

    public static final String APP_KEY_CACHE_MS = "vigil.auth.app-key-cache-ms";
    public static final String BOOTSTRAP_ADMIN_PASSWORD = "vigil.bootstrap.admin-password";

    private static final Logger LOG = Logger.getLogger(IdentityConfig.class.getName());

    private long appKeyCacheMillis;
    private Optional<String> bootstrapAdminPassword;
    private List<String> problems;
    @Inject
    SystemIdentityState systemIdentity;

    @PostConstruct
    void read() {
        Config config = ConfigProvider.getConfig();
        Settings settings = new Settings(key -> config.getOptionalValue(key, String.class));
        appKeyCacheMillis = settings.number(APP_KEY_CACHE_MS, 2_000, 0, 60_000);
        bootstrapAdminPassword = settings.secret(BOOTSTRAP_ADMIN_PASSWORD, 12);
        problems = settings.problems();
        problems.forEach(p -> LOG.severe("Configuration problem: " + p));
    }

    /** How long a live app key found in the database is trusted without asking again; 0 always asks. */
    public long appKeyCacheMillis() {
        return appKeyCacheMillis;
    }

    /** The first admin's password; without it the bootstrap admin gets a random one. */
    public Optional<String> bootstrapAdminPassword() {
        return bootstrapAdminPassword;
    }

    @Override
    public List<String> problems() {
        if (!systemIdentity.refused()) {
            return problems;
        }
        List<String> all = new ArrayList<>(problems);
        all.add(SystemIdentityState.PROBLEM);
        return all;
    }
}
