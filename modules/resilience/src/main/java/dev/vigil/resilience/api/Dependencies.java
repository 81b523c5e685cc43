package dev.vigil.resilience.api;

import java.util.concurrent.Callable;

/**
 * Every outbound call goes through here: one attempt under the named dependency's timeout, breaker
 * and bulkhead. The breaker's state on this server is written on each transition, shown in
 * {@code /health/ready} and {@code vigil_dependency_state}, and announced as a
 * {@link dev.vigil.resilience.events.DependencyStateChanged}.
 */
public interface Dependencies {

    /**
     * @throws DependencyUnavailable when the breaker is open or the bulkhead full (no call made)
     * @throws Exception what the work threw, or MP FT's {@code TimeoutException}
     */
    <T> T call(String dependency, Callable<T> work) throws Exception;

    /** The breaker's state on this server. */
    BreakerState state(String dependency);
}
