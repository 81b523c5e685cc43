package dev.vigil.limits.internal.http;

import dev.vigil.limits.api.AuthenticationGuard;
import dev.vigil.limits.api.Decision;
import dev.vigil.limits.api.Policies;
import dev.vigil.limits.api.Policy;
import dev.vigil.limits.api.RateLimiter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link AuthenticationGuard} on the {@code auth-failures} and {@code auth-failures-account}
 * policies, counted exactly in the shared store ({@link RateLimiter#acquireExact}): a unit taken
 * before a check and given back after a success is given back for every server at once.
 */
@ApplicationScoped
public class FailureGuard implements AuthenticationGuard {

    static final String POLICY = "auth-failures";
    static final String ACCOUNT_POLICY = "auth-failures-account";
    /** Keys remembered as walled; an attacker needs the limit of failures for each. */
    static final int MAX_WALLED = 10_000;

    /** Keys refused by {@link #failed} in their current window, until that window ends. */
    private final ConcurrentHashMap<String, Walled> walled = new ConcurrentHashMap<>();

    private record Walled(Decision decision, long until) {
    }

    /** When the walls were last swept of ended windows; at most once a second, when full. */
    private final AtomicLong lastSweep = new AtomicLong();

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
            if (decision.outcome() == Decision.Outcome.BLOCKED) {
                remember(key, decision);
            }
        }
        return refusal;
    }

    @Override
    public Optional<Decision> walled(List<String> keys) {
        long now = System.currentTimeMillis();
        for (String key : keys) {
            Walled known = walled.get(key);
            if (known == null) {
                continue;
            }
            if (known.until() > now) {
                Decision refused = known.decision();
                return Optional.of(new Decision(refused.outcome(), refused.policy(), refused.windowStart(), 0,
                        Duration.ofMillis(known.until() - now)));
            }
            walled.remove(key, known);
        }
        return Optional.empty();
    }

    private void remember(String key, Decision decision) {
        long now = System.currentTimeMillis();
        if (walled.size() >= MAX_WALLED) {
            long last = lastSweep.get();
            if (now - last >= 1_000 && lastSweep.compareAndSet(last, now)) {
                walled.values().removeIf(w -> w.until() <= now);
            }
            if (walled.size() >= MAX_WALLED) {
                return; // full of live walls: this one is still refused, by the store
            }
        }
        walled.put(key, new Walled(decision, now + decision.resetAfter().toMillis()));
    }

    private void giveBack(List<Map.Entry<String, Decision>> taken) {
        taken.forEach(entry -> limiter.release(entry.getValue(), entry.getKey()));
    }

    private Policy policyOf(String key) {
        return policies.get(key.startsWith(ACCOUNT) ? ACCOUNT_POLICY : POLICY);
    }
}
