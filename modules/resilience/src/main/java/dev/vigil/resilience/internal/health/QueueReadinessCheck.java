package dev.vigil.resilience.internal.health;

import dev.vigil.resilience.internal.queue.Dispatcher;
import dev.vigil.resilience.internal.queue.QueueMetrics;
import dev.vigil.resilience.internal.queue.QueueSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The work queue: always UP (a backlog is no reason to take a server out of the load balancer),
 * {@code degraded} when queued jobs pass {@code vigil.resilience.queue.degraded-backlog} or the
 * oldest one is older than {@code degraded-oldest-age}. From the last second's sample; a
 * configuration problem of the queue makes it DOWN, naming the key.
 */
@Readiness
@ApplicationScoped
public class QueueReadinessCheck implements HealthCheck {

    @Inject
    QueueMetrics metrics;

    @Inject
    QueueSettings settings;

    @Inject
    Dispatcher dispatcher;

    @Override
    public HealthCheckResponse call() {
        QueueMetrics.Sample sample = metrics.sample();
        long now = System.currentTimeMillis();
        long queued = 0;
        long dead = 0;
        long oldest = 0;
        for (String kind : sample.jobs().keySet()) {
            queued += sample.jobs(kind, "queued");
            dead += sample.jobs(kind, "dead");
            oldest = Math.max(oldest, sample.oldestAgeSeconds(kind, now));
        }
        boolean degraded = queued > settings.backlogDegraded() || oldest > settings.oldestDegraded().toSeconds();
        var problems = settings.problems();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("queue").status(problems.isEmpty())
                .withData("state", degraded ? "degraded" : "ok")
                .withData("dispatcher", dispatcher.started() ? "running" : "not started")
                .withData("queued", queued)
                .withData("dead", dead)
                .withData("oldestQueuedAgeSeconds", oldest);
        for (int i = 0; i < problems.size(); i++) {
            response.withData("problem" + (i + 1), problems.get(i));
        }
        return response.build();
    }
}
