package dev.vigil.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.vigil.testing.BlackBox;
import dev.vigil.testing.Http;
import dev.vigil.testing.Http.Auth;
import dev.vigil.testing.Http.Reply;
import dev.vigil.testing.Personas;
import dev.vigil.testing.TestDatabase;
import dev.vigil.testing.ServerPair;
import dev.vigil.testing.VigilServer;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Two Vigil servers on one PostgreSQL notify as one: 20 concurrent raises of one alert, half on
 * each server, make exactly one notification (a real HTTP receiver, WireMock); 1,000 late job checks
 * watched by both servers at once go down, and alert, exactly once each; an SLO burning is evaluated once a
 * minute whichever server runs the cycle, and alerts once.
 */
@EnabledIfSystemProperty(named = "vigil.test.db", matches = "pg")
class AlertClusterIT {

    private static final String PASSWORD = "cluster-admin-password";
    private static final Auth ADMIN = Auth.basic("admin", PASSWORD);
    private static ServerPair servers;
    private static String schema;
    private static VigilServer first;
    private static VigilServer second;

    @BeforeAll
    static void startTwoServers() {
        servers = ServerPair.start("alerts", PASSWORD, Map.of("VIGIL_SECRETS_KEY", BlackBox.SECRETS_KEY,
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
            receiver.stop();
        }
    }

    @Test
    void aThousandLateChecksWatchedByTwoServersAtOnceGoDownAndAlertOnceEach() throws Exception {
        int checks = 1000;
        long now = System.currentTimeMillis();
        try (Connection c = TestDatabase.connect();
             PreparedStatement insert = c.prepareStatement("insert into " + schema + ".ops_check (id, app_id, name, slug,"
                     + " tags, description, kind, timeout_s, tz, grace_s, failure_threshold, manual_resume, status,"
                     + " last_ping_at, consecutive_failures, alert_after, n_pings, created_at, updated_at) values"
                     + " (?, 'cluster-app', ?, ?, '', '', 'simple', 60, 'UTC', 60, 1, false, 'up', ?, 0, ?, 1, ?, ?)")) {
            for (int i = 0; i < checks; i++) {
                insert.setString(1, java.util.UUID.randomUUID().toString());
                insert.setString(2, "cluster check " + i);
                insert.setString(3, "cluster-check-" + i);
                insert.setLong(4, now - 3_600_000);
                insert.setLong(5, now - 3_480_000);
                insert.setLong(6, now - 7_200_000);
                insert.setLong(7, now - 3_600_000);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        // Both servers run the watch twice at once (besides whichever timer fires meanwhile).
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        List<java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>>> runs = new java.util.ArrayList<>();
        for (VigilServer server : List.of(first, second, first, second)) {
            runs.add(client.sendAsync(java.net.http.HttpRequest.newBuilder(server.http().base()
                            .resolve("api/v1/admin/jobs/check-watch/runs")).timeout(Duration.ofMinutes(3))
                    .header("Authorization", ((Auth.Header) ADMIN).value())
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()));
        }
        for (var run : runs) {
            var reply = run.get(4, java.util.concurrent.TimeUnit.MINUTES);
            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
            assertThat(reply.body()).contains("\"succeeded\":true");
        }
        try (Connection c = TestDatabase.connect()) {
            assertThat(single(c, "select count(*) from " + schema + ".ops_check where app_id = ? and status = 'down'",
                    "cluster-app")).as("every late check down").isEqualTo(checks);
            assertThat(single(c, "select count(*) from " + schema + ".ops_check_flip f join " + schema + ".ops_check k"
                    + " on k.id = f.check_id where k.app_id = ? and f.new_status = 'down'", "cluster-app"))
                    .as("one down flip per check").isEqualTo(checks);
            // An app's check alerts as the app: the alert is the app's own.
            assertThat(single(c, "select count(*) from " + schema + ".alerting_alert where name = 'JobCheckDown'"
                    + " and app_id = ?", "cluster-app")).as("one alert of the app per check").isEqualTo(checks);
            assertThat(single(c, "select count(*) from " + schema + ".alerting_alert where name = 'JobCheckDown'"
                    + " and labels like ? and state = 'firing'", "%cluster-app%")).as("each firing").isEqualTo(checks);
            // Fired once each: one transition to firing per alert (a repeated raise of a firing alert only refreshes it).
            assertThat(single(c, "select count(*) from " + schema + ".alerting_transition t join " + schema
                    + ".alerting_alert a on a.id = t.alert_id where a.name = 'JobCheckDown' and a.labels like ?"
                    + " and t.to_state = 'firing'", "%cluster-app%")).as("each fired once").isEqualTo(checks);
            System.out.println("[vigil-test] 1,000 checks on two servers: alerts raised more than once: " + single(c,
                    "select count(*) from " + schema + ".alerting_alert where name = 'JobCheckDown' and labels like ?"
                    + " and raise_count > 1", "%cluster-app%"));
            assertThat(single(c, "select count(*) from " + schema + ".ops_check where app_id = ? and alert_pending is not null",
                    "cluster-app")).as("every alert delivered").isZero();
        }
    }

    @Test
    void aDownFlipWhoseAlertWasNotDeliveredIsDeliveredByTheWatchThoughTheCheckIsPingedAllTheTime() throws Exception {
        // The server that made the flip died before telling alerting; the job keeps failing, so pings
        // touch the row all the time. The mark's own age, not the row's, decides that the watch delivers it.
        String id = java.util.UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        try (Connection c = TestDatabase.connect();
             PreparedStatement insert = c.prepareStatement("insert into " + schema + ".ops_check (id, app_id, name, slug,"
                     + " tags, description, kind, timeout_s, tz, grace_s, failure_threshold, manual_resume, status,"
                     + " down_reason, last_ping_at, consecutive_failures, alert_after, n_pings, created_at, updated_at,"
                     + " alert_pending, alert_pending_at) values (?, 'hot-app', 'hot check', 'hot-check', '', '',"
                     + " 'simple', 3600, 'UTC', 3600, 1, false, 'down', 'fail', ?, 40, ?, 40, ?, ?, 'raise', ?)")) {
            insert.setString(1, id);
            insert.setLong(2, now);
            insert.setLong(3, now + 7_200_000);
            insert.setLong(4, now - 7_200_000);
            insert.setLong(5, now);
            insert.setLong(6, now - 120_000);
            insert.executeUpdate();
        }
        Reply run = first.http().post("api/v1/admin/jobs/check-watch/runs", ADMIN);
        assertThat(run.status()).as(run.toString()).isEqualTo(200);
        try (Connection c = TestDatabase.connect()) {
            assertThat(single(c, "select count(*) from " + schema + ".alerting_alert where name = 'JobCheckDown'"
                    + " and app_id = 'hot-app' and state = 'firing' and labels like ?", "%" + id + "%"))
                    .as("the alert raised by the watch").isEqualTo(1);
            assertThat(single(c, "select count(*) from " + schema + ".ops_check where id = ? and alert_pending is null", id))
                    .as("the mark cleared").isEqualTo(1);
        }
    }

    @Test
    void anSloBurningOnTwoServersIsEvaluatedOnceAMinuteAndAlertsOnce() throws Exception {
        Personas.App app = Personas.app(first.http(), ADMIN, "cluster-slo-" + java.util.UUID.randomUUID());
        String slo = "cluster-burn-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Reply created = first.http().postJson("api/v1/admin/slos", ADMIN, "{\"name\": \"" + slo + "\", \"app\": \""
                + app.id() + "\", \"sli\": {\"kind\": \"events\"}, \"objective\": 99.9}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        // The last hour: half the events bad, burning every google-30d rule.
        java.time.Instant minute = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        String minutes = java.util.stream.IntStream.rangeClosed(1, 60).mapToObj(i -> "{\"at\": \""
                + minute.minusSeconds(60L * i) + "\", \"good\": 50, \"total\": 100}").collect(
                        java.util.stream.Collectors.joining(", ", "{\"minutes\": [", "]}"));
        Reply pushed = second.http().postJson("api/v1/slos/" + slo + "/events", app.auth(), minutes);
        assertThat(pushed.status()).as(pushed.toString()).isEqualTo(200);

        // Both servers' timers run the cycle; an admin's "run now" on each at once, again and again, too.
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        List<JsonObject> runs = new java.util.ArrayList<>();
        try {
            for (int round = 0; round < 6; round++) {
                var a = pool.submit(() -> first.http().post("api/v1/admin/jobs/slo-evaluate/runs", ADMIN).json());
                var b = pool.submit(() -> second.http().post("api/v1/admin/jobs/slo-evaluate/runs", ADMIN).json());
                runs.add(a.get());
                runs.add(b.get());
            }
        } finally {
            pool.shutdown();
        }
        assertThat(runs).allSatisfy(run -> assertThat(run.getBoolean("succeeded")).as(run.toString()).isTrue());
        await().atMost(Duration.ofSeconds(100)).untilAsserted(() -> assertThat(first.http().get("api/v1/admin/slos/" + slo,
                ADMIN).json().getString("status")).isEqualTo("critical"));
        try (Connection c = TestDatabase.connect()) {
            String id = created.json().getString("id");
            assertThat(single(c, "select count(*) from (select at_minute from " + schema + ".ops_slo_snapshot where slo_id = ?"
                    + " group by at_minute having count(*) > 1) twice", id)).as("minutes evaluated twice").isZero();
            assertThat(single(c, "select count(*) from " + schema + ".ops_slo_snapshot where slo_id = ?", id))
                    .as("minutes evaluated").isPositive();
            // One alert per burning rule and the budget, each raised once.
            assertThat(single(c, "select count(*) from " + schema + ".alerting_alert where dedup_key like ?",
                    "slo:" + id + ":%")).isEqualTo(5);
            assertThat(single(c, "select max(raise_count) from " + schema + ".alerting_alert where dedup_key like ?",
                    "slo:" + id + ":%")).as("raises of one alert").isLessThanOrEqualTo(2);
        }
    }

    private static long requests(WireMockServer receiver, String text) {
        return receiver.findAll(WireMock.postRequestedFor(WireMock.urlEqualTo("/cluster"))).stream()
                .filter(r -> r.getBodyAsString().contains("\"" + text + "\"")).count();
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
