package dev.vigil.blackbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.vigil.testing.BlackBox;
import dev.vigil.testing.Http;
import dev.vigil.testing.Http.Auth;
import dev.vigil.testing.Http.Reply;
import dev.vigil.testing.Personas;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Alerts in through the API, out through a signed generic webhook and a Slack incoming webhook
 * (a real HTTP receiver, WireMock): firing notified once however often it is raised, resolved
 * notified once, every attempt in the notification log; acknowledgement, the dry run, and bad
 * input refused with a problem.
 */
@ExtendWith(BlackBox.class)
class AlertingIT {

    private static final String SECRET = "whsec_alerting-it-signing-secret-0123456789";
    private static WireMockServer receiver;
    private static String run;

    private final Http http = BlackBox.http();
    private final Personas personas = BlackBox.personas();

    @BeforeAll
    static void startReceiver() {
        receiver = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        receiver.start();
        receiver.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
        receiver.stubFor(post(urlEqualTo("/slack")).willReturn(aResponse().withStatus(200).withBody("ok")));
        run = UUID.randomUUID().toString().substring(0, 8);
        Http http = BlackBox.http();
        Auth admin = BlackBox.personas().admin();
        Reply hook = http.postJson("api/v1/admin/alerting/channels", admin, "{\"name\": \"it-hook-" + run + "\","
                + " \"type\": \"webhook\", \"url\": \"" + receiver.baseUrl() + "/hook\", \"secret\": \"" + SECRET + "\"}");
        assertThat(hook.status()).as(hook.toString()).isEqualTo(201);
        assertThat(hook.json().containsKey("signingSecret") && !hook.json().isNull("signingSecret"))
                .as("a secret the admin gave is not echoed").isFalse();
        Reply slack = http.postJson("api/v1/admin/alerting/channels", admin, "{\"name\": \"it-slack-" + run + "\","
                + " \"type\": \"slack\", \"url\": \"" + receiver.baseUrl() + "/slack\"}");
        assertThat(slack.status()).as(slack.toString()).isEqualTo(201);
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop();
    }

    /** Other suites store routes too; each test routes every alert to both channels, at once. */
    @BeforeEach
    void route() {
        Reply stored = http.send("PUT", "api/v1/admin/alerting/routes", personas.admin(), "application/json",
                java.net.http.HttpRequest.BodyPublishers.ofString("{\"receivers\": [{\"name\": \"both\", \"channels\":"
                        + " [\"it-hook-" + run + "\", \"it-slack-" + run + "\"]}], \"route\": {\"receiver\": \"both\","
                        + " \"groupBy\": [\"alertname\"], \"groupWait\": \"0s\", \"groupInterval\": \"1s\","
                        + " \"repeatInterval\": \"1h\"}}"));
        assertThat(stored.status()).as(stored.toString()).isEqualTo(200);
    }

    @Test
    void aRaisedAlertIsDeliveredSignedAndAsBlockKitOnceAndItsResolveOnce() {
        String name = "DiskFull" + run;
        String body = "{\"name\": \"" + name + "\", \"severity\": \"critical\", \"labels\": {\"instance\": \"db-1\"},"
                + " \"annotations\": {\"summary\": \"disk 97% full\", \"runbook_url\": \"https://runbooks.example.com/disk\"}}";
        Reply raised = http.postJson("api/v1/alerts", personas.alpha().auth(), body);
        assertThat(raised.status()).as(raised.toString()).isEqualTo(200);
        assertThat(raised.json().getString("state")).isEqualTo("firing");
        assertThat(raised.json().getBoolean("changed")).isTrue();
        String alertId = raised.json().getString("id");

        LoggedRequest firing = await().atMost(Duration.ofSeconds(20)).until(() -> hooks(name), l -> l.size() == 1).get(0);
        assertSigned(firing);
        JsonObject message = json(firing.getBodyAsString());
        assertThat(message.getString("status")).isEqualTo("firing");
        JsonObject alert = message.getJsonArray("alerts").getJsonObject(0);
        assertThat(alert.getString("id")).isEqualTo(alertId);
        assertThat(alert.getJsonObject("labels").getString("alertname")).isEqualTo(name);
        assertThat(alert.getJsonObject("labels").getString("instance")).isEqualTo("db-1");
        assertThat(alert.getJsonObject("annotations").getString("runbook_url")).isEqualTo("https://runbooks.example.com/disk");

        LoggedRequest slack = await().atMost(Duration.ofSeconds(20)).until(() -> slacks(name), l -> l.size() == 1).get(0);
        JsonObject blocks = json(slack.getBodyAsString());
        assertThat(blocks.getString("text")).contains("FIRING").contains(name);
        JsonArray list = blocks.getJsonArray("blocks");
        assertThat(list.getJsonObject(0).getString("type")).isEqualTo("header");
        assertThat(list.getJsonObject(1).getString("type")).isEqualTo("section");
        assertThat(list.getJsonObject(1).getJsonObject("text").getString("type")).isEqualTo("mrkdwn");
        assertThat(list.getJsonObject(1).getJsonObject("text").getString("text")).contains("disk 97% full")
                .contains("https://runbooks.example.com/disk");
        assertThat(list.getJsonObject(list.size() - 1).getString("type")).isEqualTo("context");

        String group = http.get("api/v1/admin/alerts/" + alertId, personas.admin()).json().getJsonArray("groups")
                .getString(0);

        // Raised again while firing: refreshed, not notified again.
        Reply again = http.postJson("api/v1/alerts", personas.alpha().auth(), body);
        assertThat(again.json().getString("id")).isEqualTo(alertId);
        assertThat(again.json().getBoolean("changed")).isFalse();

        Reply resolved = http.postJson("api/v1/alerts", personas.alpha().auth(), "{\"name\": \"" + name + "\","
                + " \"severity\": \"critical\", \"labels\": {\"instance\": \"db-1\"}, \"status\": \"resolved\"}");
        assertThat(resolved.json().getString("state")).isEqualTo("resolved");
        List<LoggedRequest> both = await().atMost(Duration.ofSeconds(20)).until(() -> hooks(name), l -> l.size() == 2);
        JsonObject resolvedMessage = json(both.get(1).getBodyAsString());
        assertThat(resolvedMessage.getString("status")).isEqualTo("resolved");
        assertThat(resolvedMessage.getJsonArray("alerts").getJsonObject(0).getString("endsAt")).isNotEmpty();
        assertThat(both.get(1).getHeader("X-Vigil-Delivery")).isNotEqualTo(firing.getHeader("X-Vigil-Delivery"));
        await().atMost(Duration.ofSeconds(20)).until(() -> slacks(name), l -> l.size() == 2);

        // The log: two notifications per channel for this alert's group, each delivered with its latency.
        JsonArray log = await().atMost(Duration.ofSeconds(20)).until(() -> notifications("it-hook-" + run, group),
                l -> l.size() == 2 && l.stream().allMatch(n -> n.asJsonObject().getString("status").equals("delivered")));
        JsonObject last = log.getJsonObject(0);
        assertThat(last.getString("status")).isEqualTo("delivered");
        assertThat(last.getInt("attempts")).isEqualTo(1);
        assertThat(last.getJsonNumber("latencyMs").longValue()).isGreaterThanOrEqualTo(0);
        assertThat(last.getInt("resolved")).isEqualTo(1);
        JsonObject detail = http.get("api/v1/admin/alerts/" + alertId, personas.admin()).json();
        assertThat(detail.getJsonArray("transitions").stream().map(t -> t.asJsonObject().getString("to")).toList())
                .containsExactly("firing", "resolved");
        assertThat(hooks(name)).as("nothing more after the resolve").hasSize(2);
    }

    @Test
    void twentyConcurrentRaisesOfOneAlertNotifyOnce() throws Exception {
        String name = "Concurrent" + run;
        String body = "{\"name\": \"" + name + "\", \"severity\": \"warning\", \"dedupKey\": \"concurrent-" + run + "\"}";
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Callable<Reply>> raises = java.util.Collections.nCopies(20,
                    () -> http.postJson("api/v1/alerts", personas.beta().auth(), body));
            List<String> ids = new java.util.ArrayList<>();
            int changed = 0;
            for (Future<Reply> reply : pool.invokeAll(raises)) {
                assertThat(reply.get().status()).as(reply.get().toString()).isEqualTo(200);
                ids.add(reply.get().json().getString("id"));
                changed += reply.get().json().getBoolean("changed") ? 1 : 0;
            }
            assertThat(ids).containsOnly(ids.get(0));
            assertThat(changed).as("one raise made it fire; the others refreshed it").isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> hooks(name), l -> l.size() == 1);
        // A later alert of the same receiver is delivered after it: had the raises queued more, they would be there.
        http.postJson("api/v1/alerts", personas.beta().auth(), "{\"name\": \"After" + name + "\", \"severity\": \"info\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> hooks("After" + name), l -> l.size() == 1);
        assertThat(hooks(name)).hasSize(1);
    }

    @Test
    void anAppsAlertIsItsOwnAndAnAcknowledgementIsRecordedWithItsComment() {
        String name = "QueueStuck" + run;
        String body = "{\"name\": \"" + name + "\", \"severity\": \"warning\", \"labels\": {\"worker\": \"w-1\"}}";
        String alphas = http.postJson("api/v1/alerts", personas.alpha().auth(), body).json().getString("id");
        String betas = http.postJson("api/v1/alerts", personas.beta().auth(), body).json().getString("id");
        assertThat(betas).as("another app's alert with the same labels is another alert").isNotEqualTo(alphas);

        Reply noComment = http.postJson("api/v1/admin/alerts/" + alphas + "/ack", personas.admin(), "{}");
        assertThat(noComment.status()).isEqualTo(400);
        assertThat(noComment.code()).isEqualTo("invalid_request");
        Reply acked = http.postJson("api/v1/admin/alerts/" + alphas + "/ack", personas.admin(),
                "{\"comment\": \"alice restarts the workers\", \"for\": \"2h\"}");
        assertThat(acked.status()).as(acked.toString()).isEqualTo(200);
        JsonObject alert = acked.json().getJsonObject("alert");
        assertThat(alert.getString("state")).isEqualTo("acknowledged");
        assertThat(alert.getJsonObject("acknowledgement").getString("comment")).isEqualTo("alice restarts the workers");
        assertThat(alert.getJsonObject("acknowledgement").getString("by")).isEqualTo("user:admin");
        JsonObject transition = acked.json().getJsonArray("transitions").getJsonObject(1);
        assertThat(transition.getString("from")).isEqualTo("firing");
        assertThat(transition.getString("to")).isEqualTo("acknowledged");
        assertThat(transition.getString("note")).isEqualTo("alice restarts the workers");
        assertThat(http.postJson("api/v1/admin/alerts/00000000-0000-0000-0000-000000000000/ack", personas.admin(),
                "{\"comment\": \"x\"}").status()).isEqualTo(404);

        Reply listed = http.get("api/v1/admin/alerts?state=acknowledged&name=" + name, personas.admin());
        assertThat(listed.jsonValue().asJsonArray()).hasSize(1);
        assertThat(http.get("api/v1/admin/alerts", personas.alpha().auth()).status()).isEqualTo(403);
        assertThat(http.get("api/v1/admin/alerts", personas.member()).status()).isEqualTo(403);
    }

    @Test
    void aSilencedAlertIsMarkedAndNotNotifiedUntilTheSilenceIsExpired() {
        String name = "Silenced" + run;
        Reply silence = http.postJson("api/v1/admin/alerting/silences", personas.admin(), "{\"matchers\": [\"alertname=\\\""
                + name + "\\\"\"], \"duration\": \"1h\", \"comment\": \"maintenance of " + name + "\"}");
        assertThat(silence.status()).as(silence.toString()).isEqualTo(201);
        assertThat(silence.json().getString("state")).isEqualTo("active");
        assertThat(silence.json().getString("createdBy")).isEqualTo("user:admin");
        String silenceId = silence.json().getString("id");
        String alertId = http.postJson("api/v1/alerts", personas.alpha().auth(), "{\"name\": \"" + name + "\","
                + " \"severity\": \"critical\"}").json().getString("id");
        // A neighbour in another group is delivered; by then the silenced alert's group has had its look.
        http.postJson("api/v1/alerts", personas.alpha().auth(), "{\"name\": \"Loud" + name + "\", \"severity\": \"info\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> hooks("Loud" + name), l -> l.size() == 1);
        JsonObject muted = await().atMost(Duration.ofSeconds(20)).until(
                () -> http.get("api/v1/admin/alerts/" + alertId, personas.admin()).json().getJsonObject("alert"),
                a -> a.containsKey("mutedBy") && !a.isNull("mutedBy"));
        assertThat(muted.getString("mutedBy")).isEqualTo("silence " + silenceId);
        assertThat(hooks(name)).isEmpty();

        assertThat(http.delete("api/v1/admin/alerting/silences/" + silenceId, personas.admin()).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(20)).until(() -> hooks(name), l -> l.size() == 1);
        assertThat(http.delete("api/v1/admin/alerting/silences/" + silenceId, personas.admin()).status()).isEqualTo(404);
        assertThat(http.get("api/v1/admin/alerting/silences", personas.admin()).body()).contains(silenceId)
                .contains("\"state\":\"expired\"");
    }

    @Test
    void theDryRunSaysWhereAnAlertWouldGo() {
        Reply reply = http.postJson("api/v1/admin/alerting/routes/dry-run", personas.admin(),
                "{\"labels\": {\"alertname\": \"X\", \"severity\": \"critical\"}, \"routes\": {\"receivers\": ["
                        + "{\"name\": \"ops\", \"channels\": [\"a\"]}, {\"name\": \"pager\", \"channels\": [\"b\", \"c\"]}],"
                        + " \"route\": {\"receiver\": \"ops\", \"routes\": [{\"matchers\": [\"severity=~\\\"crit.*\\\"\"],"
                        + " \"receiver\": \"pager\"}]}}}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonObject match = reply.json().getJsonArray("matches").getJsonObject(0);
        assertThat(match.getString("receiver")).isEqualTo("pager");
        assertThat(match.getString("route")).isEqualTo("0.0");
        assertThat(match.getJsonArray("channels").getValuesAs(jakarta.json.JsonString::getString)).containsExactly("b", "c");
        Reply stored = http.postJson("api/v1/admin/alerting/routes/dry-run", personas.admin(),
                "{\"labels\": {\"alertname\": \"X\"}}");
        assertThat(stored.json().getJsonArray("matches").getJsonObject(0).getString("receiver")).isEqualTo("both");
    }

    @Test
    void badInputIsRefusedWithAProblemAndChangesNothing() {
        Map<String, String> bodies = Map.of(
                "{\"name\": \"X\", \"severity\": \"loud\"}", "severity",
                "{\"name\": \"X\", \"severity\": \"info\", \"labels\": {\"a\": 1}}", "labels",
                "{\"name\": \"X\", \"severity\": \"info\", \"labels\": {\"bad-name\": \"v\"}}", "label name",
                "{\"name\": \"X\", \"severity\": \"info\", \"dedupKey\": \"" + "k".repeat(256) + "\"}", "dedup key",
                "{\"name\": \"X\", \"severity\": \"info\", \"colour\": \"red\"}", "Unknown field",
                "{\"name\": \"X\", \"severity\": \"info\", \"status\": \"maybe\"}", "status",
                "{\"name\": \"X\", \"severity\": \"info\", \"startsAt\": \"yesterday\"}", "RFC 3339",
                "[1, 2]", "JSON object",
                "{\"severity\": \"info\"}", "name");
        bodies.forEach((body, says) -> {
            Reply reply = http.postJson("api/v1/alerts", personas.alpha().auth(), body);
            assertThat(reply.status()).as(body + " -> " + reply).isEqualTo(400);
            assertThat(reply.code()).isEqualTo("invalid_request");
            assertThat(reply.json().getString("detail")).as(body).contains(says);
        });
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 65; i++) {
            many.append(i == 0 ? "" : ",").append("\"l").append(i).append("\": \"v\"");
        }
        assertThat(http.postJson("api/v1/alerts", personas.alpha().auth(), "{\"name\": \"X\", \"severity\": \"info\","
                + " \"labels\": " + many + "}}").status()).isEqualTo(400);
        assertThat(http.postJson("api/v1/alerts", personas.alpha().auth(), "{\"name\": \"Never" + run
                + "\", \"severity\": \"info\", \"status\": \"resolved\"}").status()).isEqualTo(404);
        assertThat(http.postJson("api/v1/alerts", personas.member(), "{\"name\": \"X\", \"severity\": \"info\"}").status())
                .as("members do not raise alerts").isEqualTo(403);
        Reply routes = http.send("PUT", "api/v1/admin/alerting/routes", personas.admin(), "application/json",
                java.net.http.HttpRequest.BodyPublishers.ofString("{\"receivers\": [], \"route\": {}}"));
        assertThat(routes.status()).isEqualTo(400);
        assertThat(http.get("api/v1/admin/alerting/routes", personas.admin()).json().getJsonObject("route")
                .getString("receiver")).as("the stored routes are untouched").isEqualTo("both");
        Reply ftp = http.postJson("api/v1/admin/alerting/channels", personas.admin(), "{\"name\": \"ftp-" + run + "\","
                + " \"type\": \"webhook\", \"url\": \"ftp://example.com/x\"}");
        assertThat(ftp.status()).isEqualTo(400);
        Reply generated = http.postJson("api/v1/admin/alerting/channels", personas.admin(), "{\"name\": \"gen-" + run
                + "\", \"type\": \"webhook\", \"url\": \"https://hooks.example.com/x\"}");
        assertThat(generated.json().getString("signingSecret")).startsWith("whsec_");
        String id = generated.json().getJsonObject("channel").getString("id");
        String shown = http.get("api/v1/admin/alerting/channels/" + id, personas.admin()).body();
        assertThat(shown).contains("\"credentialSet\":true").doesNotContain(generated.json().getString("signingSecret"));
        Reply moved = http.send("PUT", "api/v1/admin/alerting/channels/" + id, personas.admin(), "application/json",
                java.net.http.HttpRequest.BodyPublishers.ofString("{\"url\": \"https://hooks.example.com/moved\"}"));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(http.get("api/v1/admin/alerting/channels/" + id, personas.admin()).json().getString("url"))
                .isEqualTo("https://hooks.example.com/moved");
        assertThat(http.get("api/v1/admin/alerting/channels", personas.admin()).body()).doesNotContain(SECRET)
                .doesNotContain("/slack");
        assertThat(http.postJson("api/v1/admin/alerting/channels", personas.admin(), "{\"name\": \"gen-" + run
                + "\", \"type\": \"webhook\", \"url\": \"https://hooks.example.com/x\"}").status())
                .as("a name is taken once").isEqualTo(400);
    }

    @Test
    void anAppHoldsAtMostItsCapOfOpenAlerts() {
        String created = http.postJson("api/v1/admin/apps", personas.admin(), "{\"name\": \"capped-" + run + "\"}")
                .json().getString("apiKey");
        Auth app = Auth.bearer(created);
        StringBuilder alerts = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            alerts.append(i == 0 ? "" : ",").append("{\"status\": \"firing\", \"labels\": {\"alertname\": \"Capped")
                    .append(run).append("\", \"n\": \"").append(i).append("\"}}");
        }
        Reply full = http.postJson("api/v1/alerts/alertmanager", app, "{\"version\": \"4\", \"status\": \"firing\","
                + " \"receiver\": \"vigil\", \"groupKey\": \"{}\", \"alerts\": [" + alerts + "]}");
        assertThat(full.status()).as(full.toString()).isEqualTo(200);
        assertThat(full.json().getInt("fired")).isEqualTo(300);

        Reply over = http.postJson("api/v1/alerts", app, "{\"name\": \"OneTooMany" + run + "\", \"severity\": \"info\"}");
        assertThat(over.status()).as(over.toString()).isEqualTo(429);
        assertThat(over.code()).isEqualTo("rate_limited");
        assertThat(over.json().getString("detail")).contains("300 open alerts");
        Reply refreshed = http.postJson("api/v1/alerts", app, "{\"name\": \"Capped" + run + "\", \"severity\": \"warning\","
                + " \"labels\": {\"n\": \"7\"}}");
        assertThat(refreshed.status()).as("an open alert is refreshed at the cap").isEqualTo(200);
        Reply resolved = http.postJson("api/v1/alerts", app, "{\"name\": \"Capped" + run + "\", \"severity\": \"warning\","
                + " \"labels\": {\"n\": \"7\"}, \"status\": \"resolved\"}");
        assertThat(resolved.status()).isEqualTo(200);
        assertThat(http.postJson("api/v1/alerts", app, "{\"name\": \"OneTooMany" + run + "\", \"severity\": \"info\"}")
                .status()).as("room again after a resolve").isEqualTo(200);
    }

    private static void assertSigned(LoggedRequest request) {
        String header = request.getHeader("X-Vigil-Signature");
        assertThat(header).matches("t=\\d+,v1=[0-9a-f]{64}");
        String t = header.substring(2, header.indexOf(','));
        assertThat(Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(t))).isLessThan(120);
        assertThat(header.substring(header.indexOf("v1=") + 3)).isEqualTo(hmac(t + "." + request.getBodyAsString()));
        assertThat(request.getHeader("X-Vigil-Delivery")).matches("[0-9a-f-]{36}");
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
    }

    private static String hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<LoggedRequest> hooks(String name) {
        return received("/hook", name);
    }

    private static List<LoggedRequest> slacks(String name) {
        return received("/slack", name);
    }

    /** Requests to a path that are about one alert name, oldest first. */
    private static List<LoggedRequest> received(String path, String name) {
        return receiver.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo(path))).stream()
                .filter(r -> r.getBodyAsString().contains("\"" + name + "\"") || r.getBodyAsString().contains(" " + name))
                .sorted(java.util.Comparator.comparing(LoggedRequest::getLoggedDate)).toList();
    }

    private JsonArray notifications(String channel, String group) {
        return http.get("api/v1/admin/alerting/notifications?channel=" + channel + "&group=" + group, personas.admin())
                .jsonValue().asJsonArray();
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
