package dev.vigil.alerting.internal;

import dev.vigil.alerting.internal.channels.Message;
import dev.vigil.alerting.internal.channels.NotificationHandler;
import dev.vigil.alerting.internal.model.Mutes;
import dev.vigil.alerting.internal.model.RoutingTree;
import dev.vigil.alerting.internal.store.MuteStore;
import dev.vigil.resilience.api.BreakerState;
import dev.vigil.resilience.api.Dependencies;
import dev.vigil.alerting.internal.store.AlertStore;
import dev.vigil.alerting.internal.store.GroupStore;
import dev.vigil.alerting.internal.store.NotificationStore;
import dev.vigil.kernel.api.SchemaReady;
import dev.vigil.kernel.api.Transactional;
import dev.vigil.resilience.api.JobRequest;
import dev.vigil.resilience.api.WorkQueue;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Looks at due groups: each server's notifier thread wakes every flush interval (and at once after
 * a change that made a group due now), locks each due group in a transaction of its own (a group
 * another server holds is skipped on PostgreSQL), and when the group should notify, logs one
 * notification per channel of its receiver and queues its delivery in the same transaction. So a
 * group notifies once however many servers look, and a notification is queued exactly when the
 * group records that it notified.
 */
@ApplicationScoped
public class Notifier {

    private static final Logger LOG = Logger.getLogger(Notifier.class.getName());
    private static final int BATCH = 200;
    private static final long SAMPLE_EVERY_MILLIS = 5_000;

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    WorkQueue queue;

    @Inject
    Routing routing;

    @Inject
    Dependencies dependencies;

    /** Lazily: the alert service injects this notifier. */
    @Inject
    jakarta.enterprise.inject.Instance<AlertService> alerts;

    @Inject
    AlertingSettings settings;

    @Inject
    AlertingMetrics metrics;

    @Inject
    dev.vigil.alerting.internal.signals.SignalAlerts signals;

    /** This bean through its proxy, so each look gets its own transaction. */
    @Inject
    Notifier self;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean woken;
    private volatile boolean running;
    private volatile Thread thread;
    private volatile Boolean postgres;
    private long nextSample;

    void start(@Observes SchemaReady schemaReady) {
        if (thread != null && thread.isAlive()) {
            return;
        }
        metrics.register();
        running = true;
        Thread t = threads.newThread(this::loop);
        t.setName("vigil-alert-notifier");
        thread = t;
        t.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        wakeUp();
        Thread t = thread;
        if (t != null) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public void wakeUp() {
        lock.lock();
        try {
            woken = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (running) {
            try {
                lookAtDueGroups();
                reopenExpiredAcknowledgements();
                long now = System.currentTimeMillis();
                signals.tick(now);
                if (now >= nextSample) {
                    nextSample = now + SAMPLE_EVERY_MILLIS;
                    try (Connection c = dataSource.getConnection()) {
                        metrics.sample(c);
                    }
                }
            } catch (Throwable e) { // an Error too: a dead notifier would stop this server's share of notifications
                metrics.failure("look");
                LOG.log(Level.WARNING, "Alert notifier failed; it goes on after the flush interval", e);
            }
            pause();
        }
    }

    private void pause() {
        lock.lock();
        try {
            if (!woken && running) {
                wake.await(settings.flushInterval().toMillis(), TimeUnit.MILLISECONDS);
            }
            woken = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    /** Acknowledgements that ran out: their alerts fire again and their groups notify them. */
    private void reopenExpiredAcknowledgements() throws SQLException {
        List<String> expired;
        try (Connection c = dataSource.getConnection()) {
            expired = new AlertStore(c).expiredAcknowledgements(System.currentTimeMillis(), BATCH);
        }
        for (String alertId : expired) {
            try {
                alerts.get().reopen(alertId);
            } catch (RuntimeException | SQLException e) {
                metrics.failure("expire");
                LOG.log(Level.WARNING, "Expired acknowledgement of alert " + alertId + " not reopened; tried again", e);
            }
        }
    }

    private void lookAtDueGroups() throws SQLException {
        while (running) {
            List<String> due;
            try (Connection c = dataSource.getConnection()) {
                if (postgres == null) {
                    postgres = GroupStore.isPostgres(c);
                }
                due = new GroupStore(c, postgres).due(System.currentTimeMillis(), BATCH);
            }
            Mutes mutes = Mutes.NONE;
            if (!due.isEmpty()) {
                try (Connection c = dataSource.getConnection()) {
                    mutes = new MuteStore(c).load(System.currentTimeMillis(), this::breakerOpen,
                            settings.timing().groupInterval().toMillis());
                }
            }
            for (String groupId : due) {
                try {
                    self.look(groupId, mutes);
                } catch (RuntimeException | SQLException e) {
                    metrics.failure("look");
                    LOG.log(Level.WARNING, "Alert group " + groupId + " not looked at; it stays due", e);
                }
            }
            if (due.size() < BATCH) {
                return;
            }
        }
    }

    /** Looks at one group if it is still due; the number of notifications queued. */
    @Transactional(Transactional.Type.REQUIRES_NEW)
    public int look(String groupId, Mutes mutes) throws SQLException {
        long now = System.currentTimeMillis();
        try (Connection c = dataSource.getConnection()) {
            boolean skipLocked = postgres != null ? postgres : GroupStore.isPostgres(c);
            GroupStore groups = new GroupStore(c, skipLocked);
            Optional<GroupStore.Look> found = groups.lock(groupId, now, mutes);
            if (found.isEmpty()) {
                return 0;
            }
            GroupStore.Look look = found.get();
            List<JobRequest> jobs = new ArrayList<>();
            if (look.notifies()) {
                RoutingTree.Receiver receiver = routing.tree(c).receivers().get(look.receiver());
                NotificationStore notifications = new NotificationStore(c);
                List<NotificationStore.Channel> channels = receiver == null ? List.of()
                        : notifications.channels(receiver.channels());
                if (channels.isEmpty()) {
                    metrics.notification(look.receiver(), "no_channel");
                    LOG.warning(() -> "Alert group " + look.groupId() + " notified receiver " + look.receiver()
                            + ", which has no channel that exists: nobody was told");
                }
                String message = Message.of(look).toString();
                long triggeredAt = look.changedAt() == null ? now : look.changedAt();
                for (NotificationStore.Channel channel : channels) {
                    String id = notifications.create(look.groupId(), channel, look.firing().size(), look.resolved().size(),
                            triggeredAt, message, now);
                    jobs.add(JobRequest.now(NotificationHandler.KIND, channel.id(), id));
                }
                queue.enqueueAll(jobs);
            }
            groups.finish(look, now);
            return jobs.size();
        }
    }

    /** Whether a dependency's breaker is open on this server; false for a name no dependency has. */
    boolean breakerOpen(String dependency) {
        try {
            return dependencies.state(dependency) == BreakerState.OPEN;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Queues a test notification to one channel; its notification id. */
    @Transactional
    public String test(NotificationStore.Channel channel, String actor) throws SQLException {
        long now = System.currentTimeMillis();
        try (Connection c = dataSource.getConnection()) {
            String id = new NotificationStore(c).create(null, channel, 1, 0, now,
                    Message.test(channel.name(), actor, Instant.ofEpochMilli(now)).toString(), now);
            queue.enqueue(JobRequest.now(NotificationHandler.KIND, channel.id(), id));
            return id;
        }
    }
}
