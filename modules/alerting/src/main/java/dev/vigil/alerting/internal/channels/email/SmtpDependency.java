package dev.vigil.alerting.internal.channels.email;

import dev.vigil.resilience.api.Dependency;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Callable;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;

/**
 * Mail relays, for email channels: one breaker and one bulkhead for all of them on a server. The
 * breaker opens when half of the last 10 sends failed to reach or talk to a relay (a relay refusing
 * an address is no failure of the relay); it tries again after 30 s. At most 4 sends in flight,
 * each within 30 s. Override with MP Fault Tolerance's keys, e.g.
 * {@code dev.vigil.alerting.internal.channels.email.SmtpDependency/call/CircuitBreaker/delay=5000}.
 */
@ApplicationScoped
public class SmtpDependency implements Dependency {

    @Override
    public String name() {
        return "smtp";
    }

    @Override
    @Timeout(30_000)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30_000, successThreshold = 2,
            skipOn = BulkheadException.class)
    @Bulkhead(4)
    public <T> T call(Callable<T> work) throws Exception {
        return work.call();
    }
}
