package dev.vigil.web.health;

import dev.vigil.web.config.WebConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while a setting is wrong; each problem names its key. */
@Readiness
@ApplicationScoped
public class ConfigurationReadinessCheck implements HealthCheck {

    @Inject
    WebConfig config;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("configuration")
                .status(config.problems().isEmpty());
        for (int i = 0; i < config.problems().size(); i++) {
            response.withData("problem" + (i + 1), config.problems().get(i));
        }
        return response.build();
    }
}
