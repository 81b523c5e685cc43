package dev.vigil.resilience.internal.health;

import dev.vigil.resilience.api.BreakerState;
import dev.vigil.resilience.internal.deps.DependencyRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Outbound dependencies on this server: always UP (Vigil serves without them; their work waits in
 * the queue), {@code degraded} while a breaker is open or half-open. Each dependency's state is in
 * the data; breakers are per server, so other servers may say otherwise.
 */
@Readiness
@ApplicationScoped
public class DependenciesReadinessCheck implements HealthCheck {

    @Inject
    DependencyRegistry registry;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("dependencies").up();
        boolean degraded = false;
        for (DependencyRegistry.Snapshot s : registry.snapshots()) {
            response.withData(s.dependency(), s.state().label());
            degraded |= s.state() != BreakerState.CLOSED;
        }
        return response.withData("state", degraded ? "degraded" : "ok").withData("scope", "this server").build();
    }
}
