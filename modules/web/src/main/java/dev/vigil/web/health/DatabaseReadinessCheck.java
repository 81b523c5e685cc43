package dev.vigil.web.health;

import dev.vigil.web.config.WebConfig;
import dev.vigil.web.persistence.SchemaMigrations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the database answers and the schema is applied. A slow database stays UP but reports
 * {@code degraded}, so an operator sees it before requests start failing.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements HealthCheck {

    @Inject
    DatabaseProbe probe;

    @Inject
    SchemaMigrations schema;

    @Inject
    WebConfig config;

    @Override
    public HealthCheckResponse call() {
        DatabaseProbe.Result result = probe.check();
        long millis = result.latency().toMillis();
        String state = !result.reachable() ? "down" : millis > config.slowDatabaseMillis() ? "degraded" : "ok";
        HealthCheckResponseBuilder response = HealthCheckResponse.named("database")
                .status(result.reachable() && schema.applied())
                .withData("state", state)
                .withData("latencyMs", millis)
                .withData("schema", schema.applied() ? "applied" : "pending");
        if (result.error() != null) {
            response.withData("error", result.error());
        }
        schema.lastError().ifPresent(e -> response.withData("schemaError", e));
        return response.build();
    }
}
