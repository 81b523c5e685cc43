package dev.vigil.identity.internal.config;

import dev.vigil.identity.api.IdentitySettings;
import dev.vigil.identity.internal.security.SystemIdentityState;
import dev.vigil.kernel.api.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
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
    public static final String SESSION_IDLE_MINUTES = "vigil.auth.session-idle-minutes";
    public static final String SESSION_LIFETIME_HOURS = "vigil.auth.session-lifetime-hours";
    public static final String SESSIONS_PER_USER = "vigil.auth.sessions-per-user";
    public static final String SESSION_COOKIE_SECURE = "vigil.auth.session-cookie-secure";

    private static final Logger LOG = Logger.getLogger(IdentityConfig.class.getName());

    private long appKeyCacheMillis;
    private Optional<String> bootstrapAdminPassword;
    private Duration sessionIdleTimeout;
    private Duration sessionLifetime;
    private int sessionsPerUser;
    private boolean sessionCookieAlwaysSecure;
    private List<String> problems;
    @Inject
    SystemIdentityState systemIdentity;

    @PostConstruct
    void read() {
        Config config = ConfigProvider.getConfig();
        Settings settings = new Settings(key -> config.getOptionalValue(key, String.class));
        appKeyCacheMillis = settings.number(APP_KEY_CACHE_MS, 2_000, 0, 60_000);
        bootstrapAdminPassword = settings.secret(BOOTSTRAP_ADMIN_PASSWORD, 12);
        sessionIdleTimeout = Duration.ofMinutes(settings.number(SESSION_IDLE_MINUTES, 30, 1, 24 * 60));
        sessionLifetime = Duration.ofHours(settings.number(SESSION_LIFETIME_HOURS, 12, 1, 30 * 24));
        sessionsPerUser = (int) settings.number(SESSIONS_PER_USER, 10, 1, 100);
        String secure = settings.text(SESSION_COOKIE_SECURE).orElse("auto").trim();
        sessionCookieAlwaysSecure = secure.equals("always");
        problems = new ArrayList<>(settings.problems());
        if (!secure.equals("auto") && !secure.equals("always")) {
            problems.add(SESSION_COOKIE_SECURE + ": '" + secure + "' is neither auto nor always; keeping auto");
        }
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

    /** How long an admin UI session may go unused before it ends. */
    public Duration sessionIdleTimeout() {
        return sessionIdleTimeout;
    }

    /** How long an admin UI session lasts at most, however busy. */
    public Duration sessionLifetime() {
        return sessionLifetime;
    }

    /** How many live sessions one user keeps; a new login ends the oldest beyond it. */
    public int sessionsPerUser() {
        return sessionsPerUser;
    }

    /**
     * Whether the session cookie is always {@code Secure} ({@code always}, behind a proxy that ends
     * TLS), or only when the request came over TLS ({@code auto}).
     */
    public boolean sessionCookieAlwaysSecure() {
        return sessionCookieAlwaysSecure;
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
