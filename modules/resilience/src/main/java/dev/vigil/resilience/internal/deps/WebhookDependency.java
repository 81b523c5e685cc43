package dev.vigil.resilience.internal.deps;

import dev.vigil.resilience.api.Dependency;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Callable;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;

/**
 * Outbound HTTP deliveries of notifications (signed webhooks, Slack- and Mattermost-style incoming
 * webhooks): one breaker and one bulkhead for all of them on a server. The breaker opens when half
 * of the last 10 calls failed (a timeout or an exception; a full bulkhead is not the receiver's
 * failure); it tries again after 30 s and closes after 2 successes. At most 10 calls in flight; each
 * gets 10 s.
 *
 * <p>Override with MicroProfile Fault Tolerance's keys, e.g.
 * {@code dev.vigil.resilience.internal.deps.WebhookDependency/call/CircuitBreaker/delay=5000} or the
 * environment variable {@code DEV_VIGIL_RESILIENCE_INTERNAL_DEPS_WEBHOOKDEPENDENCY_CALL_CIRCUITBREAKER_DELAY}.
 */
@ApplicationScoped
public class WebhookDependency implements Dependency {

    @Override
    public String name() {
        return "webhook";
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
