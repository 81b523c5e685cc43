package dev.vigil.web.health;

import dev.vigil.identity.api.IdentitySettings;
import dev.vigil.limits.api.Policies;
import dev.vigil.web.config.WebConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
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

    @Inject
    IdentitySettings identity;

    @Inject
    Policies policies;

    @Override
    public HealthCheckResponse call() {
        List<String> problems = new ArrayList<>(config.problems());
        problems.addAll(identity.problems());
        problems.addAll(policies.problems());
        HealthCheckResponseBuilder response = HealthCheckResponse.named("configuration").status(problems.isEmpty());
        for (int i = 0; i < problems.size(); i++) {
            response.withData("problem" + (i + 1), problems.get(i));
        }
        return response.build();
    }
}
