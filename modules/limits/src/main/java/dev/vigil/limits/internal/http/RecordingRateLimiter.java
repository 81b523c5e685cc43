package dev.vigil.limits.internal.http;

import dev.vigil.limits.api.Decision;
import dev.vigil.limits.api.Policy;
import dev.vigil.limits.api.RateLimiter;
import dev.vigil.limits.internal.pressure.PressureEvents;
import dev.vigil.limits.internal.quota.LeasedRateLimiter;
import dev.vigil.limits.internal.quota.QuotaStore;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Vigil's limiter: the leased limiter on the shared data source, with every decision counted in
 * {@code vigil_ratelimit_decisions_total{policy,outcome}} and the keys this server tracks per policy
 * in {@code vigil_ratelimit_tracked_keys{policy}} (bounded: see {@link LeasedRateLimiter}).
 */
@ApplicationScoped
public class RecordingRateLimiter implements RateLimiter {

    private static final Metadata RATELIMIT_DECISIONS = Metadata.builder().withName("vigil_ratelimit_decisions")
            .withDescription("Rate-limit decisions per policy and outcome (allowed, limited, store_unavailable)").build();

    private static final Metadata RATELIMIT_TRACKED_KEYS = Metadata.builder().withName("vigil_ratelimit_tracked_keys")
            .withDescription("Rate-limit keys this server tracks per policy (at most "
                    + LeasedRateLimiter.MAX_TRACKED_KEYS + " each; past that the oldest idle key is forgotten)")
            .build();

    private static final Logger LOG = Logger.getLogger(RecordingRateLimiter.class.getName());

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Inject
    MetricRegistry metrics;

    @Inject
    PressureEvents events;

    private LeasedRateLimiter limiter;

    /** Policies whose tracked-keys gauge is registered; as many as there are policies. */
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();

    @PostConstruct
    void start() {
        limiter = new LeasedRateLimiter(new QuotaStore(dataSource), Clock.systemUTC());
    }

    @Override
    public Decision acquire(Policy policy, String key) {
        return recorded(policy, key, limiter.acquire(policy, key));
    }

    private Decision recorded(Policy policy, String key, Decision decision) {
        if (gauged.add(policy.name())) {
            try {
                metrics.gauge(RATELIMIT_TRACKED_KEYS, limiter, l -> l.trackedKeys(policy.name()),
                        new Tag("policy", policy.name()));
            } catch (RuntimeException e) {
                gauged.remove(policy.name()); // tried again with the next decision; the decision stands
                LOG.warning(() -> "vigil_ratelimit_tracked_keys not registered for " + policy.name() + ": " + e);
            }
        }
        metrics.counter(RATELIMIT_DECISIONS, new Tag("policy", policy.name()),
                new Tag("outcome", decision.outcome().label())).inc();
        if (decision.outcome() != Decision.Outcome.ALLOWED) {
            events.record(decision, key);
        }
        if (decision.outcome().isFailure()) {
            LOG.warning(() -> "Rate-limit store " + decision.outcome().label() + " for policy " + policy.name()
                    + "; " + (decision.allowed() ? "admitting" : "refusing") + " by its fail mode");
        }
        return decision;
    }

    @Override
    public Decision acquireExact(Policy policy, String key) {
        return recorded(policy, key, limiter.acquireExact(policy, key));
    }

    @Override
    public void release(Decision taken, String key) {
        limiter.release(taken, key);
    }

    @Override
    public boolean knownBlocked(Policy policy, String key) {
        return limiter.knownBlocked(policy, key);
    }
}
