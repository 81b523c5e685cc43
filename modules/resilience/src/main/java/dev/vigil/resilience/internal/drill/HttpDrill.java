package dev.vigil.resilience.internal.drill;

import dev.vigil.resilience.api.Dependencies;
import dev.vigil.resilience.api.HttpDelivery;
import dev.vigil.resilience.api.JobHandler;
import dev.vigil.resilience.api.QueuedJob;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.util.Map;
import javax.sql.DataSource;

/**
 * A drill job that posts {@code {"drill", "job", "attempt"}} to the drill's target, one attempt per
 * run, as a notification will: an operator sees a receiver reached (or not) through the queue, a
 * breaker and a bulkhead. Through the {@code drill} dependency, whose breaker is its own: a drill to a
 * dead URL never opens the one notifications go through.
 */
@ApplicationScoped
public class HttpDrill implements JobHandler {

    @Inject
    Dependencies dependencies;

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Override
    public String kind() {
        return Drills.HTTP_KIND;
    }

    @Override
    public void handle(QueuedJob job) throws Exception {
        JsonObject drill = Drills.payload(job);
        String body = Json.createObjectBuilder().add("drill", job.partitionKey()).add("job", job.id())
                .add("attempt", job.attempt()).build().toString();
        HttpDelivery.post(dependencies, "drill", URI.create(drill.getString("target")), "application/json",
                Map.of(), body, job);
        if (drill.getBoolean("record")) {
            Drills.record(dataSource, job);
        }
    }
}
