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
 * Ready when the database answers and the schema is applied; the data says {@code state},
 * {@code latencyMs} and {@code schema}, never the database's error text. A slow database stays UP but reports
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
        // The state only: the probes answer anyone, and a database error names users, hosts and
        // ports. Why it is down is in the log (DatabaseProbe and SchemaMigrations write each new cause).
        return response.build();
    }
}
