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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers from a local lease of quota and goes to the {@link QuotaStore} only when the lease is
 * used up. Leases start small and double while a key stays busy, so a hot key costs one round trip
 * per growing batch, and a key that hits its limit is refused locally for the rest of the window
 * without touching the store. Quota leased but not used before the window ends (or before a server
 * dies) is lost: the accepted imprecision is under-admission, never over-admission.
 *
 * <p>Callers choose keys (an address, a user name), so the keys tracked are bounded per policy
 * ({@link #MAX_TRACKED_KEYS}). A new key past the bound makes room by forgetting the oldest tracked
 * key that is not blocked in the current window — a few looks at most, whatever the number of keys
 * — so a flood of one-off keys never erases what this server knows about a walled caller. When
 * every key it looks at is blocked (someone walled very many keys), the new key is answered
 * without tracking: straight from the store, one admission at a time, exact but slower.
 */
public class LeasedRateLimiter implements RateLimiter {

    static final int FIRST_LEASE = 4;
    static final int MAX_LEASE = 4096;
    public static final int MAX_TRACKED_KEYS = 100_000;
    /** How many of the oldest keys a new key looks at for one it may forget. */
    private static final int EVICTION_TRIES = 8;

    private final QuotaStore store;
    private final Clock clock;
    private final int maxTrackedKeys;
    private final ConcurrentHashMap<LeaseKey, Lease> leases = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Tracked> tracked = new ConcurrentHashMap<>();

    public LeasedRateLimiter(QuotaStore store, Clock clock) {
        this(store, clock, MAX_TRACKED_KEYS);
    }

    LeasedRateLimiter(QuotaStore store, Clock clock, int maxTrackedKeys) {
        this.store = store;
        this.clock = clock;
        this.maxTrackedKeys = maxTrackedKeys;
    }

    /** The keys of one policy this server tracks, oldest first; every tracked lease is in it once. */
    private static final class Tracked {
        final ConcurrentLinkedQueue<LeaseKey> order = new ConcurrentLinkedQueue<>();
        final AtomicInteger size = new AtomicInteger();
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
        Lease lease = lease(policy, key, now);
        if (lease == null) {
            return untracked(policy, key, windowStart, resetAfter);
        }
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
    public Decision acquireExact(Policy policy, String key) {
        long now = clock.millis();
        long windowStart = policy.windowStart(now);
        return untracked(policy, key, windowStart, Duration.ofMillis(windowStart + policy.window().toMillis() - now));
    }

    @Override
    public void release(Decision taken, String key) {
        try {
            store.unclaim(taken.policy().name(), key, taken.windowStart());
        } catch (SQLException e) {
            // Not given back: the key counts one more than it should until its window ends (stricter, never looser).
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

    /** How many keys of the policy this server tracks (at most {@link #MAX_TRACKED_KEYS}). */
    public int trackedKeys(String policy) {
        Tracked keys = tracked.get(policy);
        return keys == null ? 0 : keys.size.get();
    }

    /** The key's lease, created if there is room; null when there is none (see the class comment). */
    private Lease lease(Policy policy, String key, long now) {
        LeaseKey leaseKey = new LeaseKey(policy.name(), key);
        Lease lease = leases.get(leaseKey);
        if (lease != null) {
            return lease;
        }
        Tracked keys = tracked.computeIfAbsent(policy.name(), name -> new Tracked());
        // A slot is taken before the lease is made, so concurrent new keys never pass the bound.
        for (int size = keys.size.get(); ; size = keys.size.get()) {
            if (size < maxTrackedKeys) {
                if (keys.size.compareAndSet(size, size + 1)) {
                    break;
                }
            } else if (!forgetOne(keys, policy, now)) {
                return null;
            }
        }
        Lease created = new Lease();
        Lease raced = leases.putIfAbsent(leaseKey, created);
        if (raced != null) {
            keys.size.decrementAndGet();
            return raced;
        }
        keys.order.add(leaseKey);
        return created;
    }

    /** Forgets the oldest of the first few tracked keys that is not blocked now; false if all were. */
    private boolean forgetOne(Tracked keys, Policy policy, long now) {
        long window = policy.windowStart(now);
        for (int i = 0; i < EVICTION_TRIES; i++) {
            LeaseKey oldest = keys.order.poll();
            if (oldest == null) {
                return false;
            }
            Lease lease = leases.get(oldest);
            boolean blocked;
            synchronized (lease) {
                blocked = lease.windowStart == window
                        && (lease.exhausted || (lease.remaining == 0 && lease.totalGranted >= policy.max()));
            }
            if (blocked) {
                keys.order.add(oldest); // a walled caller is remembered; look at the next one
            } else {
                // Its unused quota, if any, is lost for this window: under-admission, as ever.
                leases.remove(oldest);
                keys.size.decrementAndGet();
                return true;
            }
        }
        return false;
    }

    /** One admission straight from the store, for a key this server has no room to track. */
    private Decision untracked(Policy policy, String key, long windowStart, Duration resetAfter) {
        try {
            QuotaStore.Grant grant = store.claim(policy.name(), key, windowStart, policy.max(), 1,
                    windowStart + policy.window().toMillis());
            return grant.granted() == 0 ? new Decision(Outcome.BLOCKED, policy, windowStart, 0, resetAfter)
                    : new Decision(Outcome.ALLOWED, policy, windowStart,
                            Math.max(0, policy.max() - grant.totalGranted()), resetAfter);
        } catch (SQLTimeoutException e) {
            return new Decision(Outcome.CONTENTION, policy, windowStart, 0, resetAfter);
        } catch (SQLException | RuntimeException e) {
            return new Decision(Outcome.STORE_UNAVAILABLE, policy, windowStart, 0, resetAfter);
        }
    }
}
