package dev.vigil.web.health;

import dev.vigil.web.persistence.SchemaMigrations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** Started once the database schema is applied. */
@Startup
@ApplicationScoped
public class SchemaStartupCheck implements HealthCheck {

    @Inject
    SchemaMigrations schema;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("schema").status(schema.applied())
                .withData("schema", schema.applied() ? "applied" : "pending").build();
    }
}
