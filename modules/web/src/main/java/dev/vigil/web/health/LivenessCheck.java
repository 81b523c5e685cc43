package dev.vigil.web.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live unless the JVM is stuck: deadlocked threads mean only a restart helps. It never looks at the
 * database, so an outage there does not get Vigil restarted.
 */
@Liveness
@ApplicationScoped
public class LivenessCheck implements HealthCheck {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    @Override
    public HealthCheckResponse call() {
        long[] deadlocked = threads.findDeadlockedThreads();
        int count = deadlocked == null ? 0 : deadlocked.length;
        return HealthCheckResponse.named("jvm").status(count == 0).withData("deadlockedThreads", count).build();
    }
}
