package dev.vigil.alerting.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alerting.api.AlertSignal;
import dev.vigil.alerting.api.Severity;
import dev.vigil.alerting.internal.model.Mutes;
import dev.vigil.alerting.internal.model.RoutingTree;
import dev.vigil.alerting.internal.store.AlertStore;
import dev.vigil.alerting.internal.store.Databases;
import dev.vigil.alerting.internal.store.GroupStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Retention removes what ended before the cutoff and nothing still in use; an app's open alerts
 * are capped.
 */
class AlertingPurgeTest {

    private static final long T0 = 1_800_000_000_000L;
    private static final long DAY = 86_400_000L;
    private static final RoutingTree TREE = RoutingTree.defaults(new RoutingTree.Timing(Duration.ZERO,
            Duration.ofMinutes(5), Duration.ofHours(4)), List.of("alertname"));

    private DataSource db;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "pg"})
    void whatEndedBeforeTheCutoffGoesAndWhatIsStillOpenStays(String kind) throws Exception {
        db = Databases.fresh(kind);
        AlertSignal old = signal("Old");
        AlertSignal open = signal("StillOpen");
        raise(old, null, Integer.MAX_VALUE, T0);
        raise(open, null, Integer.MAX_VALUE, T0);
        look(T0);
        try (Connection c = tx()) {
            new AlertStore(c).resolve(AlertStore.identity(null, old), "test", T0 + 1_000, T0 + 1_000);
            c.commit();
        }
        look(T0 + 10 * 60_000);
        insertNotification("delivered", T0);
        insertNotification("retrying", T0 + 25 * DAY); // its job may still deliver it: kept a week past the retention
        insertNotification("delivered", T0 + 40 * DAY);
        insertNotification("queued", T0 - 8 * DAY); // its job died without an outcome

        AlertingPurge purge = new AlertingPurge();
        purge.dataSource = db;
        String removed = purge.purgeBefore(T0 + 30 * DAY, T0 + 60 * DAY);

        assertThat(removed).startsWith("2 notifications, 1 resolved alerts (2 transitions), 1 empty groups");
        assertThat(count("select count(*) from alerting_alert")).as("the open alert stays").isEqualTo(1);
        assertThat(count("select count(*) from alerting_group")).as("its group stays").isEqualTo(1);
        assertThat(count("select count(*) from alerting_notification")).as("retrying and recent stay").isEqualTo(2);
        assertThat(purge.purgeBefore(T0 + 30 * DAY, T0 + 60 * DAY)).startsWith("0 notifications, 0 resolved alerts");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "pg"})
    void anAppHoldsAtMostItsCapOfOpenAlerts(String kind) throws Exception {
        db = Databases.fresh(kind);
        String app = "00000000-0000-0000-0000-0000000000a1";
        raise(signal("A"), app, 2, T0);
        raise(signal("B"), app, 2, T0);
        assertThatThrownBy(() -> raise(signal("C"), app, 2, T0)).isInstanceOf(AlertStore.CapReached.class);
        raise(signal("A"), app, 2, T0 + 1_000); // refreshing an open alert is no new one
        raise(signal("C"), null, 2, T0); // Vigil's own alerts have no cap
        raise(signal("C"), "00000000-0000-0000-0000-0000000000b2", 2, T0); // another app's count is its own
        try (Connection c = tx()) {
            new AlertStore(c).resolve(AlertStore.identity(app, signal("B")), "test", T0 + 2_000, T0 + 2_000);
            c.commit();
        }
        raise(signal("C"), app, 2, T0 + 3_000);
        assertThatThrownBy(() -> raise(signal("B"), app, 2, T0 + 4_000)).as("a resolved one firing again opens")
                .isInstanceOf(AlertStore.CapReached.class);
    }

    private static AlertSignal signal(String name) {
        return new AlertSignal("test", name, Severity.WARNING, Map.of(), Map.of(), null, null);
    }

    private void raise(AlertSignal signal, String app, int cap, long now) throws Exception {
        try (Connection c = tx()) {
            new AlertStore(c).raise(AlertStore.identity(app, signal), app, signal, TREE, Duration.ofMinutes(5), cap, now);
            c.commit();
        }
    }

    private void look(long now) throws Exception {
        try (Connection c = tx()) {
            GroupStore groups = new GroupStore(c, GroupStore.isPostgres(c));
            for (String id : groups.due(now, 100)) {
                var look = groups.lock(id, now, Mutes.NONE);
                if (look.isPresent()) {
                    groups.finish(look.get(), now);
                }
            }
            c.commit();
        }
    }

    private void insertNotification(String status, long at) throws Exception {
        try (Connection c = db.getConnection();
             PreparedStatement insert = c.prepareStatement("insert into alerting_notification (id, channel_id, channel_name,"
                     + " channel_type, status, firing, resolved, attempts, created_at, triggered_at, message)"
                     + " values (?, 'c', 'c', 'webhook', ?, 1, 0, 1, ?, ?, '{}')")) {
            insert.setString(1, java.util.UUID.randomUUID().toString());
            insert.setString(2, status);
            insert.setLong(3, at);
            insert.setLong(4, at);
            insert.executeUpdate();
        }
    }

    private Connection tx() throws Exception {
        Connection c = db.getConnection();
        c.setAutoCommit(false);
        return c;
    }

    private long count(String sql) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement select = c.prepareStatement(sql);
             ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
