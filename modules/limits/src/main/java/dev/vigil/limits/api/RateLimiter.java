package dev.vigil.limits.api;

/** Decides whether one more request under a policy and key fits the current window. */
public interface RateLimiter {

    /** Counts one admission if it fits; a blocked call changes nothing, locally or in the store. */
    Decision acquire(Policy policy, String key);

    /**
     * Counts one admission straight in the shared store, exact at every moment on every server (no
     * lease held back by this server); a round trip per call, for counts that may be given back.
     */
    Decision acquireExact(Policy policy, String key);

    /**
     * Gives back, in the shared store, one admission {@link #acquireExact} took in the window the
     * decision names (a request that turned out not to count, such as a login that succeeded).
     */
    void release(Decision taken, String key);

    /** True when this server already knows the key has no quota left in this window; costs nothing. */
    boolean knownBlocked(Policy policy, String key);
}
