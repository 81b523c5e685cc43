package dev.vigil.web.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/** One timed round trip to the database, as the readiness check reports it. */
@ApplicationScoped
public class DatabaseProbe {

    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    private volatile Duration lastLatency;

    public record Result(boolean reachable, Duration latency, String error) {
    }

    public Result check() {
        long start = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            boolean valid = connection.isValid(VALIDATION_TIMEOUT_SECONDS);
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            lastLatency = latency;
            return new Result(valid, latency, valid ? null : "connection did not validate");
        } catch (SQLException | RuntimeException e) {
            return new Result(false, Duration.ofNanos(System.nanoTime() - start), e.getClass().getSimpleName());
        }
    }

    public Duration lastLatency() {
        return lastLatency;
    }
}
