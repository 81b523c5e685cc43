package dev.vigil.web.resilience;

import dev.vigil.resilience.api.Dependency;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Callable;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.Timeout;

/** A dependency of the test deployment only: at most 5 calls in flight, no breaker. */
@ApplicationScoped
public class NarrowDependency implements Dependency {

    @Override
    public String name() {
        return "test-narrow";
    }

    @Override
    @Timeout(20_000)
    @Bulkhead(5)
    public <T> T call(Callable<T> work) throws Exception {
        return work.call();
    }
}
