package dev.vigil.ops.internal.checks;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The job checks' knobs ({@code vigil.ops.checks.*}, env {@code VIGIL_OPS_CHECKS_*}); a value out of
 * range is logged naming its key and brought into range.
 * <ul>
 *   <li>{@code keep-pings} (100, 10..10,000): the last pings kept per check;</li>
 *   <li>{@code ping-body-limit} (10,000 bytes, 0..10,000): of a ping's body, what is kept (the rest is
 *       read and dropped, as healthchecks.io's {@code PING_BODY_LIMIT}; sent back in {@code Ping-Body-Limit});</li>
 *   <li>{@code max-per-app} (1,000): checks one app may own, including those {@code ?create=1} makes;</li>
 *   <li>{@code flip-retention-days} (90): flips and per-minute counts kept this long;</li>
 *   <li>{@code ping-writers} (1, 1..8): threads writing pings, each a batch (group commit) at a time.</li>
 * </ul>
 */
@ApplicationScoped
public class CheckSettings {

    private static final Logger LOG = Logger.getLogger(CheckSettings.class.getName());

    @Inject
    @ConfigProperty(name = "vigil.ops.checks.keep-pings", defaultValue = "100")
    int keepPings;

    @Inject
    @ConfigProperty(name = "vigil.ops.checks.ping-body-limit", defaultValue = "10000")
    int pingBodyLimit;

    @Inject
    @ConfigProperty(name = "vigil.ops.checks.max-per-app", defaultValue = "1000")
    int maxPerApp;

    @Inject
    @ConfigProperty(name = "vigil.ops.checks.flip-retention-days", defaultValue = "90")
    int flipRetentionDays;

    @Inject
    @ConfigProperty(name = "vigil.ops.checks.ping-writers", defaultValue = "1")
    int pingWriters;

    @PostConstruct
    void clamp() {
        keepPings = clamp("keep-pings", keepPings, 10, 10_000);
        pingBodyLimit = clamp("ping-body-limit", pingBodyLimit, 0, 10_000);
        maxPerApp = clamp("max-per-app", maxPerApp, 1, 100_000);
        flipRetentionDays = clamp("flip-retention-days", flipRetentionDays, 1, 3650);
        pingWriters = clamp("ping-writers", pingWriters, 1, 8);
    }

    public int keepPings() {
        return keepPings;
    }

    public int pingBodyLimit() {
        return pingBodyLimit;
    }

    public int maxPerApp() {
        return maxPerApp;
    }

    public int flipRetentionDays() {
        return flipRetentionDays;
    }

    public int pingWriters() {
        return pingWriters;
    }

    private static int clamp(String key, int value, int min, int max) {
        if (value >= min && value <= max) {
            return value;
        }
        int kept = Math.max(min, Math.min(max, value));
        LOG.warning(() -> "vigil.ops.checks." + key + " = " + value + " is out of range " + min + ".." + max
                + "; using " + kept);
        return kept;
    }
}
