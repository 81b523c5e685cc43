package dev.vigil.web.resilience;

import dev.vigil.resilience.api.Dependency;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Callable;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * A dependency of the test deployment only, with a breaker small enough to walk call by call: it
 * opens when 2 of the last 4 calls failed, tries again after 1 s, closes after 2 successes.
 */
@ApplicationScoped
public class TableDependency implements Dependency {

    @Override
    public String name() {
        return "test-table";
    }

    @Override
    @Timeout(2_000)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 1_000, successThreshold = 2)
    @Bulkhead(5)
    public <T> T call(Callable<T> work) throws Exception {
        return work.call();
    }
}
