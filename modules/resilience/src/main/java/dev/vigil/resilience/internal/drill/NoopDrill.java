package dev.vigil.resilience.internal.drill;

import dev.vigil.resilience.api.JobHandler;
import dev.vigil.resilience.api.QueuedJob;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import javax.sql.DataSource;

/**
 * A drill job that does nothing, or holds its worker for {@code holdMs} (to see leases and caps at
 * work), and records its run when asked to.
 */
@ApplicationScoped
public class NoopDrill implements JobHandler {

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Override
    public String kind() {
        return Drills.NOOP_KIND;
    }

    @Override
    public void handle(QueuedJob job) throws Exception {
        JsonObject drill = Drills.payload(job);
        long hold = drill.getJsonNumber("holdMs").longValue();
        if (hold > 0) {
            Thread.sleep(hold); // the drill's point: a job that takes this long
        }
        if (drill.getBoolean("record")) {
            Drills.record(dataSource, job);
        }
    }
}
