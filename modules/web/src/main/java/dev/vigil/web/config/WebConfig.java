package dev.vigil.web.config;

import dev.vigil.kernel.api.SecretBox;
import dev.vigil.kernel.api.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** The web module's knobs (documented in README.md "Configuration"); identity reads its own. */
@ApplicationScoped
public class WebConfig {

    public static final String MAX_BODY_BYTES = "vigil.web.max-body-bytes";
    public static final String SLOW_DATABASE_MS = "vigil.db.slow-threshold-ms";

    private static final Logger LOG = Logger.getLogger(WebConfig.class.getName());

    private long maxBodyBytes;
    private long slowDatabaseMillis;
    private List<String> problems;

    @PostConstruct
    void read() {
        Config config = ConfigProvider.getConfig();
        Settings settings = new Settings(key -> config.getOptionalValue(key, String.class));
        maxBodyBytes = settings.number(MAX_BODY_BYTES, 1_048_576, 1_024, 64L * 1_048_576);
        slowDatabaseMillis = settings.number(SLOW_DATABASE_MS, 500, 1, 60_000);
        problems = new ArrayList<>(settings.problems());
        secretsKeyProblem(config).ifPresent(problems::add);
        problems.forEach(p -> LOG.severe("Configuration problem: " + p));
    }

    /** A secrets key that is set but unusable (not 32 bytes of base64) is a problem; an unset one is not. */
    private static Optional<String> secretsKeyProblem(Config config) {
        Optional<String> key = config.getOptionalValue("vigil.secrets.key", String.class);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        try {
            SecretBox.of(key.get(),
                    config.getOptionalValue("vigil.secrets.previous-key", String.class).orElse(null));
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("vigil.secrets.key / vigil.secrets.previous-key: " + e.getMessage());
        }
    }

    /** Largest request body any endpoint accepts unless it sets a smaller one. */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** A database round trip slower than this marks the database degraded in /health/ready. */
    public long slowDatabaseMillis() {
        return slowDatabaseMillis;
    }

    /** Each wrong setting, naming its key; /health/ready is DOWN while there are any. */
    public List<String> problems() {
        return problems;
    }
}
