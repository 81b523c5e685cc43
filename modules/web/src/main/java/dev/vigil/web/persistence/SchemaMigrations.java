package dev.vigil.web.persistence;

import dev.vigil.kernel.api.SchemaReady;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * Applies {@code liquibase/master.xml} before anything touches the tables. When the database is not
 * there at start-up, Vigil still starts (not ready) and retries until it is. Liquibase's lock table
 * keeps several servers that start at once from applying the same change twice.
 */
@ApplicationScoped
public class SchemaMigrations {

    static final String MASTER_CHANGELOG = "liquibase/master.xml";
    private static final Logger LOG = Logger.getLogger(SchemaMigrations.class.getName());
    private static final Duration RETRY = Duration.ofSeconds(3);

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    Event<SchemaReady> ready;

    private volatile boolean applied;
    private volatile String lastError = "not attempted yet";
    private ScheduledFuture<?> retry;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (!migrate()) {
            LOG.warning(() -> "Database not ready at start-up (" + lastError + "); Vigil is not ready and retries every "
                    + RETRY.toSeconds() + " s");
            retry = scheduler.scheduleWithFixedDelay(this::retry, RETRY.toMillis(), RETRY.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void retry() {
        if (!applied && migrate()) {
            retry.cancel(false);
        }
    }

    private synchronized boolean migrate() {
        if (applied) {
            return true;
        }
        long start = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            Database database = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection));
            try (Liquibase liquibase = new Liquibase(MASTER_CHANGELOG,
                    new ClassLoaderResourceAccessor(SchemaMigrations.class.getClassLoader()), database)) {
                liquibase.update("");
            }
            // Start-up work that needs the tables (the bootstrap admin) runs before Vigil reports
            // ready; if it fails, the next attempt repeats it (every observer is idempotent).
            ready.fire(new SchemaReady(Duration.ofNanos(System.nanoTime() - start).toMillis()));
        } catch (Exception | LinkageError e) {
            String error = summary(e);
            if (retry != null && !error.equals(lastError)) {
                LOG.warning(() -> "Database schema still not applied (" + error + "); retrying every "
                        + RETRY.toSeconds() + " s");
            }
            lastError = error;
            return false;
        }
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        applied = true;
        lastError = null;
        LOG.info(() -> "Database schema is up to date (" + millis + " ms)");
        return true;
    }

    @PreDestroy
    void stop() {
        if (retry != null) {
            retry.cancel(false);
        }
    }

    /** True once every changelog has been applied; nothing may touch the tables before. */
    public boolean applied() {
        return applied;
    }

    /** Why the last attempt failed, while the schema is not applied (for the log: it may name hosts and users). */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    /** The innermost message, which names the cause (refused connection, bad credentials ...). */
    private static String summary(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 300 ? message.substring(0, 300) + "..." : message;
    }
}
