package dev.vigil.resilience.api;

import java.util.concurrent.Callable;

/**
 * One named outbound target (a channel type, SMTP, a probe target): an {@code @ApplicationScoped}
 * bean whose {@link #call} carries MicroProfile Fault Tolerance's {@code @Timeout},
 * {@code @CircuitBreaker} and {@code @Bulkhead}, so each dependency has a breaker and a bulkhead of
 * its own on each server. Values are overridden with MP FT's own keys,
 * {@code <class>/call/CircuitBreaker/delay} and so on. Callers go through {@link Dependencies}, which
 * watches the breaker; nothing calls {@code call} directly.
 */
public interface Dependency {

    /** Lower-case with dashes, e.g. {@code webhook}. */
    String name();

    <T> T call(Callable<T> work) throws Exception;
}
