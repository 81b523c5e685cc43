package dev.vigil.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.testing.Http;
import dev.vigil.testing.Http.Auth;
import dev.vigil.testing.Http.Reply;
import dev.vigil.testing.TestDatabase;
import dev.vigil.testing.ServerPair;
import dev.vigil.testing.VigilServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Two Vigil servers with 4 workers each on one PostgreSQL share the work queue: 10,000 jobs each run
 * exactly once, and the jobs a server held when it was killed run again on the other once their
 * leases expire, and finish once. Every drill job records each of its runs, so a double run shows.
 */
@EnabledIfSystemProperty(named = "vigil.test.db", matches = "pg")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QueueClusterIT {

    private static final String PASSWORD = "queue-admin-password";
    private static final Auth ADMIN = Auth.basic("admin", PASSWORD);
    private static ServerPair servers;
    private static String schema;
    private static VigilServer first;
    private static VigilServer second;

    @BeforeAll
    static void startTwoServers() {
        servers = ServerPair.start("queue", PASSWORD, Map.of("VIGIL_RESILIENCE_QUEUE_WORKERS", "4", "VIGIL_RESILIENCE_QUEUE_LEASE", "6s",
                "VIGIL_RESILIENCE_QUEUE_POLL_INTERVAL", "100ms"));
        schema = servers.schema;
        first = servers.first;
        second = servers.second;
    }

    @AfterAll
    static void stopServers() {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    @Order(1)
    void tenThousandJobsOnTwoServersRunExactlyOnce() throws SQLException {
        String drill = drill(first.http(), "{\"jobs\": 10000, \"record\": true}");
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> progress(second.http(), drill).getInt("pending") == 0);

        Map<String, Long> byServer = new LinkedHashMap<>();
        long runs = 0;
        long jobs;
        try (Connection c = TestDatabase.connect()) {
            try (PreparedStatement q = c.prepareStatement("select server_name, count(*) from " + schema
                    + ".resilience_drill_run where drill_id = ? group by server_name order by server_name")) {
                q.setString(1, drill);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        byServer.put(rs.getString(1), rs.getLong(2));
                        runs += rs.getLong(2);
                    }
                }
            }
            jobs = single(c, "select count(distinct job_id) from " + schema + ".resilience_drill_run where drill_id = ?",
                    drill);
            assertThat(single(c, "select count(*) from " + schema + ".resilience_job where partition_key = ?", drill))
                    .as("no job left, none dead").isZero();
        }
        System.out.println("[vigil-test] 10,000 jobs on two servers, runs per server: " + byServer);
        assertThat(jobs).as("every job ran").isEqualTo(10_000);
        assertThat(runs).as("no job ran twice").isEqualTo(10_000);
        assertThat(byServer.keySet()).as("both servers took jobs").hasSize(2)
                .anySatisfy(s -> assertThat(s).startsWith("vigil-outage@"))
                .anySatisfy(s -> assertThat(s).startsWith("vigil-twin@"));
    }

    @Test
    @Order(2)
    void jobsHeldByAKilledServerRunAgainOnTheOtherAfterTheLeaseAndFinishOnce() throws SQLException {
        // Each job holds its worker for 3 s: long enough to kill a server in the middle of its jobs.
        String drill = drill(first.http(), "{\"jobs\": 8, \"record\": true, \"holdMs\": 3000}");
        List<String> held;
        try {
            held = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> heldBy("vigil-outage@%", drill), ids -> !ids.isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // What the server that never took a job was doing, for whoever reads this failure.
            System.out.println("[vigil-test] vigil-outage held none of the drill's jobs; its threads:\n" + first.threadDump());
            throw e;
        }
        long killedAt = System.currentTimeMillis();
        first.kill();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> progress(second.http(), drill).getInt("pending") == 0);
        try (Connection c = TestDatabase.connect()) {
            assertThat(single(c, "select count(*) from " + schema + ".resilience_drill_run where drill_id = ?", drill))
                    .as("each of the 8 jobs finished once").isEqualTo(8);
            assertThat(single(c, "select count(distinct job_id) from " + schema
                    + ".resilience_drill_run where drill_id = ?", drill)).isEqualTo(8);
            for (String job : held) {
                try (PreparedStatement q = c.prepareStatement("select server_name, done_at, attempt from " + schema
                        + ".resilience_drill_run where job_id = ?")) {
                    q.setString(1, job);
                    try (ResultSet rs = q.executeQuery()) {
                        assertThat(rs.next()).as("job %s held by the killed server ran", job).isTrue();
                        assertThat(rs.getString(1)).as("on the other server").startsWith("vigil-twin@");
                        assertThat(rs.getLong(2) - killedAt).as("after its lease (6 s from the claim) expired and a 3 s hold")
                                .isGreaterThanOrEqualTo(5_000);
                        assertThat(rs.getInt(3)).as("its second attempt").isEqualTo(2);
                    }
                }
            }
        }
        System.out.println("[vigil-test] jobs held by the killed server and run by the other: " + held.size());
    }

    private static String drill(Http http, String body) {
        Reply started = http.postJson("api/v1/admin/queue/drills", ADMIN, body);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        return started.json().getString("drill");
    }

    private static jakarta.json.JsonObject progress(Http http, String drill) {
        Reply reply = http.get("api/v1/admin/queue/drills/" + drill, ADMIN);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static List<String> heldBy(String owner, String drill) throws SQLException {
        try (Connection c = TestDatabase.connect();
             PreparedStatement q = c.prepareStatement("select id from " + schema + ".resilience_job"
                     + " where partition_key = ? and state = 'running' and lease_owner like ?")) {
            q.setString(1, drill);
            q.setString(2, owner);
            try (ResultSet rs = q.executeQuery()) {
                List<String> ids = new java.util.ArrayList<>();
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
                return ids;
            }
        }
    }

    private static long single(Connection c, String sql, String parameter) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, parameter);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
