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
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Vigil's limiter: the leased limiter on the shared data source, with every decision counted in
 * {@code vigil_ratelimit_decisions_total{policy,outcome}}.
 */
@ApplicationScoped
public class RecordingRateLimiter implements RateLimiter {

    private static final Metadata RATELIMIT_DECISIONS = Metadata.builder().withName("vigil_ratelimit_decisions")
            .withDescription("Rate-limit decisions per policy and outcome (allowed, limited, store_unavailable)").build();

    private static final Logger LOG = Logger.getLogger(RecordingRateLimiter.class.getName());

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Inject
    MetricRegistry metrics;

    @Inject
    PressureEvents events;

    private RateLimiter limiter;

    @PostConstruct
    void start() {
        limiter = new LeasedRateLimiter(new QuotaStore(dataSource), Clock.systemUTC());
    }

    @Override
    public Decision acquire(Policy policy, String key) {
        return recorded(policy, key, limiter.acquire(policy, key));
    }

    private Decision recorded(Policy policy, String key, Decision decision) {
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
