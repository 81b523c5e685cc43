package dev.vigil.limits.internal.http;

import dev.vigil.kernel.api.Durations;
import dev.vigil.limits.api.Policies;
import dev.vigil.limits.api.Policy;
import dev.vigil.limits.api.Policy.FailMode;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The policies Vigil ships with, each overridable by {@code vigil.limits.<policy>.max},
 * {@code .window} and {@code .on-store-failure} (env {@code VIGIL_LIMITS_<POLICY>_MAX} ...).
 * A wrong override is logged naming the key and the default is kept.
 */
@ApplicationScoped
public class ConfiguredPolicies implements Policies {

    /** Defaults: what the seeds ran with, sized for real apps. */
    static final List<Policy> DEFAULTS = List.of(
            new Policy("webhook", 120, Duration.ofMinutes(1), FailMode.DENY),
            new Policy("login", 30, Duration.ofMinutes(5), FailMode.DENY),
            new Policy("auth-failures", 100, Duration.ofHours(1), FailMode.DENY),
            new Policy("auth-failures-account", 2000, Duration.ofHours(1), FailMode.DENY),
            new Policy("ping", 600, Duration.ofMinutes(1), FailMode.ALLOW),
            new Policy("issues", 600, Duration.ofMinutes(1), FailMode.ALLOW),
            new Policy("uploads", 300, Duration.ofMinutes(1), FailMode.ALLOW),
            new Policy("telemetry", 1200, Duration.ofMinutes(1), FailMode.ALLOW),
            new Policy("alerts", 600, Duration.ofMinutes(1), FailMode.ALLOW),
            new Policy("slo-events", 120, Duration.ofMinutes(1), FailMode.ALLOW));

    private static final Logger LOG = Logger.getLogger(ConfiguredPolicies.class.getName());

    private final Map<String, Policy> policies = new LinkedHashMap<>();
    private final List<String> problems = new java.util.ArrayList<>();

    @PostConstruct
    void read() {
        Config config = ConfigProvider.getConfig();
        for (Policy defaults : DEFAULTS) {
            policies.put(defaults.name(), configured(defaults, key -> config.getOptionalValue(key, String.class)));
        }
        problems.forEach(p -> LOG.severe("Configuration problem: " + p));
    }

    Policy configured(Policy defaults, java.util.function.Function<String, Optional<String>> source) {
        String prefix = "vigil.limits." + defaults.name() + ".";
        int max = defaults.max();
        Duration window = defaults.window();
        FailMode mode = defaults.onStoreFailure();
        Optional<String> raw = source.apply(prefix + "max");
        try {
            if (raw.isPresent()) {
                max = Integer.parseInt(raw.get().trim());
            }
            raw = source.apply(prefix + "window");
            if (raw.isPresent()) {
                window = Durations.parse(raw.get());
            }
            raw = source.apply(prefix + "on-store-failure");
            if (raw.isPresent()) {
                mode = FailMode.valueOf(raw.get().trim().toUpperCase(Locale.ROOT));
            }
            return new Policy(defaults.name(), max, window, mode);
        } catch (IllegalArgumentException e) {
            problems.add(prefix + "*: " + e.getMessage() + "; keeping " + defaults.max() + " per "
                    + defaults.window());
            return defaults;
        }
    }

    @Override
    public Policy get(String name) {
        Policy policy = policies.get(name);
        if (policy == null) {
            throw new IllegalArgumentException("No rate-limit policy named '" + name + "'");
        }
        return policy;
    }

    @Override
    public Collection<Policy> all() {
        return List.copyOf(policies.values());
    }

    @Override
    public List<String> problems() {
        return List.copyOf(problems);
    }
}
