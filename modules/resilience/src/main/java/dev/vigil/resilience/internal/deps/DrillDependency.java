package dev.vigil.resilience.internal.deps;

import dev.vigil.resilience.api.Dependency;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Callable;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;

/**
 * Queue drills' HTTP posts to the target an admin names: a dependency of their own, so a drill to a
 * dead URL never opens the breaker real notifications go through. The same values as the
 * {@code webhook} dependency: the breaker opens when half of the last 10 calls failed (a timeout or
 * an exception; a full bulkhead is not the receiver's failure); it tries again after 30 s and closes
 * after 2 successes. At most 10 calls in flight; each gets 10 s.
 *
 * <p>Override with MicroProfile Fault Tolerance's keys, e.g.
 * {@code dev.vigil.resilience.internal.deps.DrillDependency/call/CircuitBreaker/delay=5000} or the
 * environment variable {@code DEV_VIGIL_RESILIENCE_INTERNAL_DEPS_DRILLDEPENDENCY_CALL_CIRCUITBREAKER_DELAY}.
 */
@ApplicationScoped
public class DrillDependency implements Dependency {

    @Override
    public String name() {
        return "drill";
    }

    @Override
    @Timeout(10_000)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30_000, successThreshold = 2,
            skipOn = BulkheadException.class)
    @Bulkhead(10)
    public <T> T call(Callable<T> work) throws Exception {
        return work.call();
    }
}
