package dev.vigil.limits.internal.http;

import dev.vigil.limits.api.AuthenticationGuard;
import dev.vigil.limits.api.Decision;
import dev.vigil.limits.api.Policies;
import dev.vigil.limits.api.Policy;
import dev.vigil.limits.api.RateLimiter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link AuthenticationGuard} on the {@code auth-failures} and {@code auth-failures-account}
 * policies: an attempt is counted before the check (atomically with the decision to check it, in
 * the shared quota) and given back when it succeeds, so only failures stay counted.
 */
@ApplicationScoped
public class FailureGuard implements AuthenticationGuard {

    static final String POLICY = "auth-failures";
    static final String ACCOUNT_POLICY = "auth-failures-account";

    @Inject
    RateLimiter limiter;

    @Inject
    Policies policies;

    @Override
    public Optional<Decision> attempt(List<String> keys) {
        List<String> taken = new ArrayList<>();
        for (String key : keys) {
            Decision decision = limiter.acquire(policyOf(key), key);
            if (!decision.allowed()) {
                release(taken); // the attempt is not checked: it counts nowhere
                return Optional.of(decision);
            }
            taken.add(key);
        }
        return Optional.empty();
    }

    @Override
    public void release(List<String> keys) {
        keys.forEach(key -> limiter.release(policyOf(key), key));
    }

    private Policy policyOf(String key) {
        return policies.get(key.startsWith(ACCOUNT) ? ACCOUNT_POLICY : POLICY);
    }
}
