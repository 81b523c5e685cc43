package dev.vigil.web.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** One timed round trip to the database, as the readiness check reports it. */
@ApplicationScoped
public class DatabaseProbe {

    private static final int VALIDATION_TIMEOUT_SECONDS = 2;
    private static final Logger LOG = Logger.getLogger(DatabaseProbe.class.getName());

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    private volatile Duration lastLatency;
    /** The cause last logged, so a database that stays down is logged once, not on every probe. */
    private final AtomicReference<String> lastError = new AtomicReference<>();

    public record Result(boolean reachable, Duration latency) {
    }

    public Result check() {
        long start = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            boolean valid = connection.isValid(VALIDATION_TIMEOUT_SECONDS);
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            lastLatency = latency;
            noted(valid ? null : "the connection did not validate within " + VALIDATION_TIMEOUT_SECONDS + " s");
            return new Result(valid, latency);
        } catch (SQLException | RuntimeException e) {
            noted(e.toString());
            return new Result(false, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private void noted(String error) {
        String before = lastError.getAndSet(error);
        if (error != null && !error.equals(before)) {
            LOG.warning(() -> "Database not reachable, Vigil is not ready: " + error);
        } else if (error == null && before != null) {
            LOG.info("Database reachable again");
        }
    }

    public Duration lastLatency() {
        return lastLatency;
    }
}
