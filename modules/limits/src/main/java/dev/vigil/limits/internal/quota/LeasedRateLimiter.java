package dev.vigil.limits.internal.quota;

import dev.vigil.limits.api.Decision;
import dev.vigil.limits.api.Decision.Outcome;
import dev.vigil.limits.api.Policy;
import dev.vigil.limits.api.RateLimiter;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers from a local lease of quota and goes to the {@link QuotaStore} only when the lease is
 * used up. Leases start small and double while a key stays busy, so a hot key costs one round trip
 * per growing batch, and a key that hits its limit is refused locally for the rest of the window
 * without touching the store. Quota leased but not used before the window ends (or before a server
 * dies) is lost: the accepted imprecision is under-admission, never over-admission.
 */
public class LeasedRateLimiter implements RateLimiter {

    static final int FIRST_LEASE = 4;
    static final int MAX_LEASE = 4096;
    private static final int MAX_TRACKED_KEYS = 200_000;

    private final QuotaStore store;
    private final Clock clock;
    private final ConcurrentHashMap<LeaseKey, Lease> leases = new ConcurrentHashMap<>();

    public LeasedRateLimiter(QuotaStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    private record LeaseKey(String policy, String key) {
    }

    /** This server's share of one key's window. Guarded by its own monitor. */
    private static final class Lease {
        long windowStart = Long.MIN_VALUE;
        int remaining;
        int nextLease = FIRST_LEASE;
        int totalGranted;
        boolean exhausted;
    }

    @Override
    public Decision acquire(Policy policy, String key) {
        long now = clock.millis();
        long windowStart = policy.windowStart(now);
        Duration resetAfter = Duration.ofMillis(windowStart + policy.window().toMillis() - now);
        Lease lease = lease(policy, key);
        synchronized (lease) {
            if (lease.windowStart != windowStart) {
                lease.windowStart = windowStart;
                lease.remaining = 0;
                lease.nextLease = FIRST_LEASE;
                lease.totalGranted = 0;
                lease.exhausted = false;
            }
            if (lease.remaining == 0 && lease.totalGranted >= policy.max()) {
                lease.exhausted = true;
            }
            if (lease.remaining == 0 && !lease.exhausted) {
                try {
                    QuotaStore.Grant grant = store.claim(policy.name(), key, windowStart, policy.max(),
                            lease.nextLease, windowStart + policy.window().toMillis());
                    lease.remaining = grant.granted();
                    lease.totalGranted = grant.totalGranted();
                    lease.exhausted = grant.granted() == 0;
                    lease.nextLease = Math.min(MAX_LEASE, lease.nextLease * 2);
                } catch (SQLTimeoutException e) {
                    return new Decision(Outcome.CONTENTION, policy, windowStart, 0, resetAfter);
                } catch (SQLException | RuntimeException e) {
                    return new Decision(Outcome.STORE_UNAVAILABLE, policy, windowStart, 0, resetAfter);
                }
            }
            if (lease.exhausted) {
                return new Decision(Outcome.BLOCKED, policy, windowStart, 0, resetAfter);
            }
            lease.remaining--;
            int remaining = Math.max(0, policy.max() - lease.totalGranted + lease.remaining);
            return new Decision(Outcome.ALLOWED, policy, windowStart, remaining, resetAfter);
        }
    }

    @Override
    public boolean knownBlocked(Policy policy, String key) {
        Lease lease = leases.get(new LeaseKey(policy.name(), key));
        if (lease == null) {
            return false;
        }
        synchronized (lease) {
            boolean empty = lease.exhausted || (lease.remaining == 0 && lease.totalGranted >= policy.max());
            return empty && lease.windowStart == policy.windowStart(clock.millis());
        }
    }

    private Lease lease(Policy policy, String key) {
        if (leases.size() > MAX_TRACKED_KEYS) {
            forgetEndedWindows();
        }
        return leases.computeIfAbsent(new LeaseKey(policy.name(), key), k -> new Lease());
    }

    /** Drops leases of windows that have ended, so many one-off keys cannot fill the heap. */
    private void forgetEndedWindows() {
        long now = clock.millis();
        leases.values().removeIf(lease -> {
            synchronized (lease) {
                return lease.remaining == 0 || lease.windowStart < now - Duration.ofDays(1).toMillis();
            }
        });
    }
}
