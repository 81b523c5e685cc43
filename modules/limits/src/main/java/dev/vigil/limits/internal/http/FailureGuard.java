package dev.vigil.limits.internal.http;

import dev.vigil.limits.api.AuthenticationGuard;
import dev.vigil.limits.api.Decision;
import dev.vigil.limits.api.Policies;
import dev.vigil.limits.api.Policy;
import dev.vigil.limits.api.RateLimiter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@link AuthenticationGuard} on the {@code auth-failures} policy. */
@ApplicationScoped
public class FailureGuard implements AuthenticationGuard {

    static final String POLICY = "auth-failures";

    @Inject
    RateLimiter limiter;

    @Inject
    Policies policies;

    @Override
    public Optional<Decision> blocked(List<String> keys) {
        Policy policy = policies.get(POLICY);
        return keys.stream().filter(key -> limiter.knownBlocked(policy, key)).findFirst()
                .map(key -> {
                    long now = System.currentTimeMillis();
                    long end = policy.windowStart(now) + policy.window().toMillis();
                    return new Decision(Decision.Outcome.BLOCKED, policy, policy.windowStart(now), 0,
                            Duration.ofMillis(end - now));
                });
    }

    @Override
    public void failed(List<String> keys) {
        Policy policy = policies.get(POLICY);
        keys.forEach(key -> limiter.acquire(policy, key));
    }
}
