package dev.vigil.alerting.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerting.api.AlertSignal;
import dev.vigil.alerting.api.Severity;
import dev.vigil.alerting.internal.model.Matcher;
import dev.vigil.alerting.internal.model.Mutes;
import dev.vigil.alerting.internal.model.RoutingTree;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An alert's life against the real tables, on H2 and PostgreSQL, with the clock passed in: the
 * group waits, notifies once, repeats only after the repeat interval, notifies a resolve once,
 * stays quiet for a flap inside the dedup window, and an acknowledgement stops repeats until it
 * runs out.
 */
class AlertLifecycleTest {

    private static final RoutingTree.Timing TIMING = new RoutingTree.Timing(Duration.ofSeconds(30),
            Duration.ofMinutes(5), Duration.ofHours(4));
    private static final Duration DEDUP = Duration.ofMinutes(5);
    private static final long T0 = 1_800_000_000_000L;
    private static final long HOUR = 3_600_000L;

    private DataSource db;
    private Mutes mutes = Mutes.NONE;
    private final RoutingTree tree = RoutingTree.defaults(TIMING, List.of("alertname"));

    /** What one look notified: its status, and the firing and resolved alerts' instances. */
    record Notified(String status, List<String> firing, List<String> resolved) {
        Notified(List<String> firing, List<String> resolved) {
            this(firing.isEmpty() ? "resolved" : "firing", firing, resolved);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "pg"})
    void aGroupNotifiesOnceRepeatsAfterItsIntervalAndNotifiesTheResolveOnce(String kind) throws Exception {
        db = Databases.fresh(kind);
        AlertSignal disk = signal("DiskFull", "db-1");
        raise(disk, T0);
        assertThat(look(T0 + 10_000)).as("inside the group wait").isEmpty();
        raise(signal("DiskFull", "db-2"), T0 + 20_000);
        assertThat(look(T0 + 30_000)).containsExactly(new Notified(List.of("db-1", "db-2"), List.of()));
        raise(disk, T0 + 60_000);
        assertThat(look(T0 + 5 * 60_000)).as("raising a firing alert again changes nothing").isEmpty();
        assertThat(look(T0 + 30_000 + 4 * HOUR - 1)).isEmpty();
        assertThat(look(T0 + 30_000 + 4 * HOUR)).containsExactly(new Notified(List.of("db-1", "db-2"), List.of()));

        long resolvedAt = T0 + 30_000 + 4 * HOUR + 60_000;
        resolve(disk, resolvedAt);
        assertThat(look(resolvedAt)).as("a change waits for the group interval").isEmpty();
        assertThat(look(resolvedAt + 4 * 60_000)).containsExactly(new Notified(List.of("db-2"), List.of("db-1")));
        resolve(disk, resolvedAt + 5 * 60_000);
        resolve(signal("DiskFull", "db-2"), resolvedAt + 6 * 60_000);
        List<Notified> last = look(resolvedAt + 12 * 60_000);
        assertThat(last).containsExactly(new Notified(List.of(), List.of("db-2")));
        assertThat(look(resolvedAt + 30 * HOUR)).as("resolved is notified once; nothing repeats").isEmpty();
        assertThat(transitions(disk)).containsExactly("null>firing", "firing>resolved");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "pg"})
    void aFlapInsideTheDedupWindowIsNotNotifiedAgainButOneAfterItIs(String kind) throws Exception {
        db = Databases.fresh(kind);
        AlertSignal flappy = signal("Flappy", "web-1");
        raise(flappy, T0);
        assertThat(look(T0 + 30_000)).hasSize(1);
        resolve(flappy, T0 + 60_000);
        raise(flappy, T0 + 90_000);
        assertThat(look(T0 + 10 * 60_000)).as("fired again 90 s after it fired: inside the 5 min window").isEmpty();
        assertThat(transitions(flappy)).containsExactly("null>firing", "firing>resolved", "resolved>firing");
        resolve(flappy, T0 + 11 * 60_000);
        assertThat(look(T0 + 20 * 60_000)).containsExactly(new Notified(List.of(), List.of("web-1")));
        raise(flappy, T0 + 21 * 60_000);
        assertThat(look(T0 + 30 * 60_000)).as("21 min after it last fired").containsExactly(
                new Notified(List.of("web-1"), List.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "pg"})
    void anAcknowledgementStopsRepeatsUntilItRunsOut(String kind) throws Exception {
        db = Databases.fresh(kind);
        AlertSignal queue = signal("QueueStuck", "worker-1");
        String id = raise(queue, T0);
        AlertSignal other = signal("QueueStuck", "worker-2");
        assertThat(look(T0 + 30_000)).hasSize(1);
        try (Connection c = tx()) {
            assertThat(new AlertStore(c).acknowledge(id, "user:alice", "on it", T0 + 6 * HOUR, T0 + HOUR))
                    .contains("acknowledged");
            c.commit();
        }
        assertThat(look(T0 + HOUR)).as("its only open alert acknowledged, the group says so once")
                .containsExactly(new Notified("acknowledged", List.of(), List.of()));
        assertThat(look(T0 + 30_000 + 4 * HOUR)).as("the only alert is acknowledged: no repeat").isEmpty();
        raise(other, T0 + 5 * HOUR);
        assertThat(look(T0 + 5 * HOUR + 5 * 60_000)).as("a new alert in the group lists only what is not acknowledged")
                .containsExactly(new Notified(List.of("worker-2"), List.of()));
        try (Connection c = tx()) {
            assertThat(new AlertStore(c).expiredAcknowledgements(T0 + 6 * HOUR - 1, 10)).isEmpty();
            assertThat(new AlertStore(c).expiredAcknowledgements(T0 + 6 * HOUR, 10)).containsExactly(id);
            assertThat(new AlertStore(c).reopen(id, T0 + 6 * HOUR)).isNotNull();
            c.commit();
        }
        assertThat(look(T0 + 6 * HOUR + 5 * 60_000)).as("the acknowledgement ran out: notified again")
                .containsExactly(new Notified(List.of("worker-1", "worker-2"), List.of()));
        assertThat(transitions(queue)).containsExactly("null>firing", "firing>acknowledged", "acknowledged>firing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "pg"})
    void anAcknowledgedGroupIsNotifiedOnceAsAcknowledgedAndItsResolveOnce(String kind) throws Exception {
        db = Databases.fresh(kind);
        AlertSignal api = signal("ApiDown", "api-1");
        AlertSignal api2 = signal("ApiDown", "api-2");
        String first = raise(api, T0);
        String second = raise(api2, T0);
        assertThat(look(T0 + 30_000)).containsExactly(new Notified(List.of("api-1", "api-2"), List.of()));
        acknowledge(first, T0 + 60_000);
        assertThat(look(T0 + 30_000 + 5 * 60_000)).as("one of two acknowledged: nothing to say yet").isEmpty();
        acknowledge(second, T0 + 6 * 60_000);
        assertThat(look(T0 + 6 * 60_000)).as("a change waits for the group interval").isEmpty();
        assertThat(look(T0 + 30_000 + 10 * 60_000)).containsExactly(new Notified("acknowledged", List.of(), List.of()));
        acknowledge(second, T0 + 11 * 60_000);
        assertThat(look(T0 + 20 * 60_000)).as("acknowledged again: said once already").isEmpty();
        resolve(api, T0 + 21 * 60_000);
        assertThat(look(T0 + 30 * 60_000)).as("one resolved while the other stays acknowledged")
                .containsExactly(new Notified("acknowledged", List.of(), List.of("api-1")));
        resolve(api2, T0 + 31 * 60_000);
        assertThat(look(T0 + 40 * 60_000)).containsExactly(new Notified("resolved", List.of(), List.of("api-2")));
        assertThat(look(T0 + 40 * HOUR)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "pg"})
    void aResolveRightAfterAnAcknowledgementRanOutIsNotified(String kind) throws Exception {
        db = Databases.fresh(kind);
        AlertSignal api = signal("ApiDown", "api-1");
        String id = raise(api, T0);
        assertThat(look(T0 + 30_000)).hasSize(1);
        try (Connection c = tx()) {
            new AlertStore(c).acknowledge(id, "user:alice", "on it", T0 + HOUR, T0 + 60_000);
            c.commit();
        }
        assertThat(look(T0 + 6 * 60_000)).containsExactly(new Notified("acknowledged", List.of(), List.of()));
        try (Connection c = tx()) {
            assertThat(new AlertStore(c).reopen(id, T0 + HOUR)).isNotNull();
            c.commit();
        }
        resolve(api, T0 + HOUR + 1_000);
        assertThat(look(T0 + HOUR + 10 * 60_000)).as("the incident it opened is closed")
                .containsExactly(new Notified("resolved", List.of(), List.of("api-1")));
    }

    private void acknowledge(String alertId, long now) throws Exception {
        try (Connection c = tx()) {
            assertThat(new AlertStore(c).acknowledge(alertId, "user:alice", "on it", now + 24 * HOUR, now))
                    .contains("acknowledged");
            c.commit();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "pg"})
    void aSilencedAlertIsLeftOutOfItsGroupsNotificationsAndNotifiedWhenTheSilenceEnds(String kind) throws Exception {
        db = Databases.fresh(kind);
        long end = T0 + HOUR;
        mutes = new Mutes(List.of(new Mutes.Silence("s1", List.of(Matcher.parse("instance=\"api-1\"")), T0, end)),
                List.of(), List.of(), List.of(), name -> false, 60_000);
        raise(signal("Errors", "api-1"), T0);
        raise(signal("Errors", "api-2"), T0 + 1_000);
        assertThat(look(T0 + 30_000)).containsExactly(new Notified(List.of("api-2"), List.of()));
        assertThat(mutedBy(signal("Errors", "api-1"))).isEqualTo("silence s1");
        assertThat(look(end - 1)).isEmpty();
        assertThat(look(end)).as("the group looks again when the silence ends").containsExactly(
                new Notified(List.of("api-1", "api-2"), List.of()));
        assertThat(mutedBy(signal("Errors", "api-1"))).isNull();
    }

    private String mutedBy(AlertSignal signal) throws Exception {
        try (Connection c = db.getConnection();
             PreparedStatement select = c.prepareStatement("select muted_by from alerting_alert where identity = ?")) {
            select.setString(1, AlertStore.identity(null, signal));
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static AlertSignal signal(String name, String instance) {
        return new AlertSignal("test", name, Severity.WARNING, Map.of("instance", instance), Map.of(), null, null);
    }

    private Connection tx() throws Exception {
        Connection c = db.getConnection();
        c.setAutoCommit(false);
        return c;
    }

    private String raise(AlertSignal signal, long now) throws Exception {
        try (Connection c = tx()) {
            String id = new AlertStore(c).raise(AlertStore.identity(null, signal), null, signal, tree, DEDUP, now)
                    .outcome().alertId();
            c.commit();
            return id;
        }
    }

    private void resolve(AlertSignal signal, long now) throws Exception {
        try (Connection c = tx()) {
            new AlertStore(c).resolve(AlertStore.identity(null, signal), "test", now, now);
            c.commit();
        }
    }

    /** Every due group looked at, as the notifier does. */
    private List<Notified> look(long now) throws Exception {
        List<Notified> notified = new ArrayList<>();
        try (Connection c = tx()) {
            GroupStore groups = new GroupStore(c, GroupStore.isPostgres(c));
            for (String id : groups.due(now, 100)) {
                Optional<GroupStore.Look> look = groups.lock(id, now, mutes);
                if (look.isPresent()) {
                    if (look.get().notifies()) {
                        notified.add(new Notified(look.get().status(), instances(look.get().firing()),
                                instances(look.get().resolved())));
                    }
                    groups.finish(look.get(), now);
                }
            }
            c.commit();
        }
        return notified;
    }

    private static List<String> instances(List<GroupStore.Member> members) {
        return members.stream().map(m -> m.labels().get("instance")).sorted().toList();
    }

    private List<String> transitions(AlertSignal signal) throws Exception {
        List<String> list = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement select = c.prepareStatement("select t.from_state, t.to_state from alerting_transition t"
                     + " join alerting_alert a on a.id = t.alert_id where a.identity = ? order by t.at, t.id")) {
            select.setString(1, AlertStore.identity(null, signal));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    list.add(rs.getString(1) + ">" + rs.getString(2));
                }
            }
        }
        return list;
    }
}
