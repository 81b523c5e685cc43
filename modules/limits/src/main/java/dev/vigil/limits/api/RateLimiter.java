package dev.vigil.limits.api;

/** Decides whether one more request under a policy and key fits the current window. */
public interface RateLimiter {

    /** Counts one admission if it fits; a blocked call changes nothing, locally or in the store. */
    Decision acquire(Policy policy, String key);

    /**
     * Gives back one admission taken in the current window by a request that turned out not to
     * count (a login that succeeded); a no-op once the window has ended.
     */
    void release(Policy policy, String key);

    /** True when this server already knows the key has no quota left in this window; costs nothing. */
    boolean knownBlocked(Policy policy, String key);
}
