package dev.vigil.alerting.internal;

import dev.vigil.alerting.api.AlertSignal;
import dev.vigil.alerting.api.Alerts;
import dev.vigil.alerting.internal.model.Labels;
import dev.vigil.alerting.internal.store.AlertStore;
import dev.vigil.kernel.api.DatabaseFailures;
import dev.vigil.kernel.api.Transactional;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Raises, resolves and acknowledges alerts, each in a transaction of its own. Two servers creating
 * one alert (or one group) at once break a unique key; the loser's transaction rolls back and it
 * tries again, finding the winner's row.
 */
@ApplicationScoped
public class AlertService implements Alerts {

    private static final int ATTEMPTS = 4;

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transactions;

    @Inject
    AlertingSettings settings;

    @Inject
    Routing routing;

    @Inject
    Notifier notifier;

    @Inject
    AlertingMetrics metrics;

    /** This bean through its proxy, so each attempt gets its own transaction. */
    @Inject
    AlertService self;

    @Override
    public Outcome raise(AlertSignal signal) {
        return raise(null, signal);
    }

    @Override
    public Optional<Outcome> resolve(AlertSignal signal) {
        return resolve(null, signal);
    }

    /**
     * Raises an alert of an app (its identity is the app's own) or of Vigil ({@code appId} null).
     *
     * @throws IllegalArgumentException when the signal breaks a limit
     */
    @Override
    public Outcome raise(String appId, AlertSignal signal) {
        check(signal);
        Outcome outcome;
        try {
            outcome = retried(() -> self.raiseOnce(appId, signal));
        } catch (AlertStore.CapReached e) {
            metrics.received(signal.source(), "capped");
            throw e;
        }
        metrics.received(signal.source(), outcome.changed() ? "fired" : "refreshed");
        return outcome;
    }

    @Override
    public Optional<Outcome> resolve(String appId, AlertSignal signal) {
        check(signal);
        Optional<Outcome> outcome = Optional.ofNullable(retried(() -> self.resolveOnce(appId, signal)));
        metrics.received(signal.source(), outcome.map(o -> o.changed() ? "resolved" : "unchanged").orElse("unknown"));
        return outcome;
    }

    /** @throws IllegalArgumentException when the signal breaks a limit */
    public static void check(AlertSignal signal) {
        Labels.checkLabels(signal.labels());
        Labels.checkAnnotations(signal.annotations());
        // As stored: JSON escapes can make a text up to six times longer than it reads.
        if (dev.vigil.alerting.internal.model.JsonMaps.write(signal.labels()).length() > 16_384
                || dev.vigil.alerting.internal.model.JsonMaps.write(signal.annotations()).length() > 32_768) {
            throw new IllegalArgumentException("The labels or annotations are too long once written as JSON");
        }
        if (signal.dedupKey() != null && (signal.dedupKey().isEmpty() || signal.dedupKey().length() > Labels.MAX_DEDUP_KEY)) {
            throw new IllegalArgumentException("A dedup key has 1 to " + Labels.MAX_DEDUP_KEY + " characters");
        }
        if (signal.source().length() > 64 || signal.name().isEmpty() || signal.name().length() > 200) {
            throw new IllegalArgumentException("An alert's name has 1 to 200 characters and its source at most 64");
        }
    }

    interface Attempt<T> {
        T run() throws SQLException;
    }

    private <T> T retried(Attempt<T> attempt) {
        for (int i = 1; ; i++) {
            try {
                return attempt.run();
            } catch (SQLException | RuntimeException e) {
                boolean lost = DatabaseFailures.isConstraintViolation(e) || DatabaseFailures.isTransactionConflict(e);
                if (!lost || i == ATTEMPTS) {
                    if (e instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IllegalStateException("Alert not stored: " + e.getMessage(), e);
                }
            }
        }
    }

    @Transactional(Transactional.Type.REQUIRES_NEW)
    public Outcome raiseOnce(String appId, AlertSignal signal) throws SQLException {
        long now = System.currentTimeMillis();
        try (Connection c = dataSource.getConnection()) {
            AlertStore.Change change = new AlertStore(c).raise(AlertStore.identity(appId, signal), appId, signal,
                    routing.tree(c), settings.dedupWindow(), settings.maxOpenPerApp(), now);
            wakeIfDue(change.due(), now);
            return change.outcome();
        }
    }

    @Transactional(Transactional.Type.REQUIRES_NEW)
    public Outcome resolveOnce(String appId, AlertSignal signal) throws SQLException {
        long now = System.currentTimeMillis();
        long endsAt = signal.at() == null ? now : signal.at().toEpochMilli();
        try (Connection c = dataSource.getConnection()) {
            Optional<AlertStore.Change> change = new AlertStore(c).resolve(AlertStore.identity(appId, signal),
                    signal.source(), endsAt, now);
            change.ifPresent(ch -> wakeIfDue(ch.due(), now));
            return change.map(AlertStore.Change::outcome).orElse(null);
        }
    }

    /**
     * Resolves the open alerts of Vigil's own source and name that were not raised again since
     * {@code before}: signals that say "still happening" only while it happens (rate-limit
     * pressure, signature failures). The number resolved.
     */
    public int resolveQuiet(String source, String name, long before) throws SQLException {
        List<String> quiet;
        try (Connection c = dataSource.getConnection()) {
            quiet = new AlertStore(c).quiet(source, name, before, 100);
        }
        int resolved = 0;
        for (String identity : quiet) {
            if (retried(() -> self.resolveIdentity(identity, before)) != null) {
                resolved++;
                metrics.received(source, "resolved");
            }
        }
        return resolved;
    }

    /** Resolves one alert by identity when it is still quiet since {@code before}. */
    @Transactional(Transactional.Type.REQUIRES_NEW)
    public Outcome resolveIdentity(String identity, long before) throws SQLException {
        long now = System.currentTimeMillis();
        try (Connection c = dataSource.getConnection()) {
            Optional<AlertStore.Change> change = new AlertStore(c).resolveIfQuiet(identity, before, now);
            change.ifPresent(ch -> wakeIfDue(ch.due(), now));
            return change.map(AlertStore.Change::outcome).orElse(null);
        }
    }

    /** Acknowledges an alert in the caller's transaction; empty when there is none, {@code resolved} when it has resolved. */
    @Transactional
    public Optional<String> acknowledge(String alertId, String actor, String comment, long until) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return new AlertStore(c).acknowledge(alertId, actor, comment, until, System.currentTimeMillis());
        }
    }

    /** An acknowledgement ran out: the alert fires again. */
    @Transactional(Transactional.Type.REQUIRES_NEW)
    public void reopen(String alertId) throws SQLException {
        long now = System.currentTimeMillis();
        try (Connection c = dataSource.getConnection()) {
            AlertStore.Change change = new AlertStore(c).reopen(alertId, now);
            if (change != null) {
                wakeIfDue(change.due(), now);
            }
        }
    }

    /** A group due now (group wait 0, a change after the group interval) is looked at once this commits. */
    private void wakeIfDue(Long due, long now) {
        if (due == null || due > now + settings.flushInterval().toMillis()) {
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    notifier.wakeUp();
                }
            }
        });
    }
}
