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
import java.util.Map;
import java.util.Optional;

/**
 * {@link AuthenticationGuard} on the {@code auth-failures} and {@code auth-failures-account}
 * policies, counted exactly in the shared store ({@link RateLimiter#acquireExact}): a unit taken
 * before a check and given back after a success is given back for every server at once.
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
    public Counted before(List<String> keys) {
        List<Map.Entry<String, Decision>> taken = new ArrayList<>();
        for (String key : keys) {
            Decision decision = limiter.acquireExact(policyOf(key), key);
            if (!decision.allowed()) {
                giveBack(taken); // not checked: the attempt counts nowhere
                return new Counted() {
                    @Override
                    public Optional<Decision> refusal() {
                        return Optional.of(decision);
                    }

                    @Override
                    public void giveBack() {
                        // nothing is held
                    }
                };
            }
            if (decision.outcome() == Decision.Outcome.ALLOWED) {
                taken.add(Map.entry(key, decision));
            }
        }
        return new Counted() {
            private boolean given;

            @Override
            public Optional<Decision> refusal() {
                return Optional.empty();
            }

            @Override
            public synchronized void giveBack() {
                if (!given) {
                    given = true;
                    FailureGuard.this.giveBack(taken);
                }
            }
        };
    }

    @Override
    public Optional<Decision> failed(List<String> keys) {
        Optional<Decision> refusal = Optional.empty();
        for (String key : keys) {
            Decision decision = limiter.acquireExact(policyOf(key), key);
            if (!decision.allowed() && refusal.isEmpty()) {
                refusal = Optional.of(decision);
            }
        }
        return refusal;
    }

    private void giveBack(List<Map.Entry<String, Decision>> taken) {
        taken.forEach(entry -> limiter.release(entry.getValue(), entry.getKey()));
    }

    private Policy policyOf(String key) {
        return policies.get(key.startsWith(ACCOUNT) ? ACCOUNT_POLICY : POLICY);
    }
}
