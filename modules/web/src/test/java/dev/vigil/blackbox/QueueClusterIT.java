package dev.vigil.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.vigil.testing.Http;
import dev.vigil.testing.Http.Auth;
import dev.vigil.testing.Http.Reply;
import dev.vigil.testing.TestDatabase;
import dev.vigil.testing.VigilServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Two Vigil servers with 4 workers each on one PostgreSQL behave as one: 20 concurrent raises of
 * one alert, half on each server, make one notification; 10,000 queued jobs each run exactly once;
 * and the jobs a server held when it was killed run again on the other once their leases expire,
 * and finish once. Every drill job records each of its runs, so a double run shows.
 */
@EnabledIfSystemProperty(named = "vigil.test.db", matches = "pg")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QueueClusterIT {

    private static final String PASSWORD = "queue-admin-password";
    private static final Auth ADMIN = Auth.basic("admin", PASSWORD);
    private static String schema;
    private static VigilServer first;
    private static VigilServer second;

    @BeforeAll
    static void startTwoServers() {
        schema = TestDatabase.createSchema("queue");
        Map<String, String> env = new HashMap<>(TestDatabase.vigilEnv(schema, null));
        env.put("VIGIL_BOOTSTRAP_ADMIN_PASSWORD", PASSWORD);
        env.put("VIGIL_RESILIENCE_QUEUE_WORKERS", "4");
        env.put("VIGIL_RESILIENCE_QUEUE_LEASE", "6s");
        env.put("VIGIL_RESILIENCE_QUEUE_POLL_INTERVAL", "100ms");
        env.put("VIGIL_SECRETS_KEY", dev.vigil.testing.BlackBox.SECRETS_KEY);
        var a = CompletableFuture.supplyAsync(() -> VigilServer.start("vigil-outage", 19380, env));
        var b = CompletableFuture.supplyAsync(() -> VigilServer.start("vigil-twin", 19480, env));
        first = a.join();
        second = b.join();
        first.awaitReady(Duration.ofSeconds(90));
        second.awaitReady(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stopServers() {
        for (VigilServer server : new VigilServer[] {first, second}) {
            if (server != null) {
                server.close();
            }
        }
        if (schema != null) {
            TestDatabase.dropSchema(schema);
        }
    }

    @Test
    @Order(0)
    void twentyConcurrentRaisesOfOneAlertAcrossTwoServersNotifyOnce() throws Exception {
        WireMockServer receiver = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        receiver.start();
        try {
            receiver.stubFor(WireMock.post(WireMock.urlEqualTo("/cluster")).willReturn(WireMock.aResponse().withStatus(204)));
            Reply channel = first.http().postJson("api/v1/admin/alerting/channels", ADMIN, "{\"name\": \"cluster-hook\","
                    + " \"type\": \"webhook\", \"url\": \"" + receiver.baseUrl() + "/cluster\"}");
            assertThat(channel.status()).as(channel.toString()).isEqualTo(201);
            Reply routes = first.http().send("PUT", "api/v1/admin/alerting/routes", ADMIN, "application/json",
                    java.net.http.HttpRequest.BodyPublishers.ofString("{\"receivers\": [{\"name\": \"cluster\","
                            + " \"channels\": [\"cluster-hook\"]}], \"route\": {\"receiver\": \"cluster\","
                            + " \"groupBy\": [\"alertname\"], \"groupWait\": \"0s\", \"groupInterval\": \"1s\","
                            + " \"repeatInterval\": \"1h\"}}"));
            assertThat(routes.status()).as(routes.toString()).isEqualTo(200);
            // Each server reads the routes again within a second: wait until the second one routes by them.
            await().atMost(Duration.ofSeconds(10)).until(() -> second.http().postJson("api/v1/admin/alerting/routes/dry-run",
                    ADMIN, "{\"labels\": {\"alertname\": \"X\"}}").body().contains("\"cluster\""));

            String body = "{\"name\": \"ClusterDisk\", \"severity\": \"critical\", \"dedupKey\": \"cluster-disk\"}";
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(20);
            List<Reply> replies = new java.util.ArrayList<>();
            try {
                List<java.util.concurrent.Callable<Reply>> raises = new java.util.ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    Http http = i % 2 == 0 ? first.http() : second.http();
                    raises.add(() -> http.postJson("api/v1/alerts", ADMIN, body));
                }
                for (var reply : pool.invokeAll(raises)) {
                    replies.add(reply.get());
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(replies).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
            assertThat(replies.stream().map(r -> r.json().getString("id")).distinct()).as("one alert").hasSize(1);
            assertThat(replies.stream().filter(r -> r.json().getBoolean("changed"))).as("fired by one raise").hasSize(1);

            await().atMost(Duration.ofSeconds(30)).until(() -> requests(receiver, "ClusterDisk") == 1);
            // A later alert of the same receiver arrives after it: more notifications of the first would be there by then.
            second.http().postJson("api/v1/alerts", ADMIN, "{\"name\": \"ClusterAfter\", \"severity\": \"info\"}");
            await().atMost(Duration.ofSeconds(30)).until(() -> requests(receiver, "ClusterAfter") == 1);
            assertThat(requests(receiver, "ClusterDisk")).as("one notification for 20 raises on two servers").isEqualTo(1);
            try (Connection c = TestDatabase.connect()) {
                assertThat(single(c, "select count(*) from " + schema + ".alerting_notification n join " + schema
                        + ".alerting_group g on g.id = n.group_id where g.group_labels like ?", "%ClusterDisk%"))
                        .as("one notification logged").isEqualTo(1);
            }
        } finally {
            // Nothing more to this receiver once it is gone: a notification queued for a deleted channel ends at once,
            // where one to a stopped receiver would hold a queue worker until its timeout, to the next test's cost.
            first.http().get("api/v1/admin/alerting/channels", ADMIN).jsonValue().asJsonArray().stream()
                    .map(v -> v.asJsonObject()).filter(c -> c.getString("name").equals("cluster-hook"))
                    .forEach(c -> first.http().delete("api/v1/admin/alerting/channels/" + c.getString("id"), ADMIN));
            receiver.stop();
        }
    }

    private static long requests(WireMockServer receiver, String text) {
        return receiver.findAll(WireMock.postRequestedFor(WireMock.urlEqualTo("/cluster"))).stream()
                .filter(r -> r.getBodyAsString().contains("\"" + text + "\"")).count();
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
        List<String> held = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> heldBy("vigil-outage@%", drill), ids -> !ids.isEmpty());
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
