package dev.vigil.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.BlackBox;
import dev.vigil.testing.Http;
import dev.vigil.testing.Http.Auth;
import dev.vigil.testing.Http.Reply;
import dev.vigil.testing.Personas;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SLOs from the outside: an app pushes its events (a repeat counts once; another app cannot); bad
 * definitions and pushes are refused with a problem; Vigil's own API traffic feeds the default SLOs;
 * a check SLI is fed by pings; the cycle's burn rates reach {@code /metrics}; the backtest answers
 * when alerts would have fired.
 */
@ExtendWith(BlackBox.class)
class SlosIT {

    private final Http http = BlackBox.http();
    private final Personas personas = BlackBox.personas();

    private static String minute(long minutesAgo) {
        return Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(minutesAgo)).toString();
    }

    private String eventsSlo(Personas.App app) {
        String name = "events-" + UUID.randomUUID().toString().substring(0, 8);
        Reply created = http.postJson("api/v1/admin/slos", personas.admin(), "{\"name\": \"" + name + "\", \"app\": \""
                + app.id() + "\", \"sli\": {\"kind\": \"events\"}, \"objective\": 99.5}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().getString("status")).isEqualTo("new");
        return name;
    }

    private JsonArray minutes(String slo) {
        return http.get("api/v1/admin/slos/" + slo + "/minutes?hours=2", personas.admin()).jsonValue().asJsonArray();
    }

    @Test
    void anAppPushesItsEventsOncePerMinuteAndSourceAndNoOtherAppCan() {
        String slo = eventsSlo(personas.alpha());
        String push = "{\"source\": \"ios\", \"minutes\": [{\"at\": \"" + minute(3) + "\", \"good\": 95, \"total\": 100},"
                + " {\"at\": \"" + minute(2) + "\", \"good\": 10, \"total\": 10}]}";
        Reply first = http.postJson("api/v1/slos/" + slo + "/events", personas.alpha().auth(), push);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().getInt("changed")).isEqualTo(2);
        Reply again = http.postJson("api/v1/slos/" + slo + "/events", personas.alpha().auth(), push);
        assertThat(again.json().getInt("changed")).isZero();
        JsonArray minutes = minutes(slo);
        assertThat(minutes).hasSize(2);
        assertThat(minutes.getJsonObject(0).getInt("good")).isEqualTo(95);
        assertThat(minutes.getJsonObject(0).getInt("total")).isEqualTo(100);

        Reply beta = http.postJson("api/v1/slos/" + slo + "/events", personas.beta().auth(), push);
        assertThat(beta.status()).isEqualTo(404);
        assertThat(beta.code()).isEqualTo("not_found");
        Reply member = http.postJson("api/v1/slos/" + slo + "/events", personas.member(), push);
        assertThat(member.status()).isEqualTo(403);
        assertThat(minutes(slo).getJsonObject(0).getInt("total")).as("nothing changed by refused pushes").isEqualTo(100);
    }

    @Test
    void badDefinitionsAndPushesAreRefusedWithAProblem() {
        String slo = eventsSlo(personas.alpha());
        String[] definitions = {
            "{\"name\": \"x\", \"sli\": {\"kind\": \"nope\"}, \"objective\": 99}",
            "{\"name\": \"x\", \"sli\": {\"kind\": \"http-availability\", \"route\": \"/api/v1/*\"}, \"objective\": 100}",
            "{\"name\": \"x\", \"sli\": {\"kind\": \"http-latency\", \"route\": \"/api/v1/*\"}, \"objective\": 99}",
            "{\"name\": \"Bad Name\", \"sli\": {\"kind\": \"http-availability\", \"route\": \"/api/v1/*\"}, \"objective\": 99}",
            "{\"name\": \"x\", \"sli\": {\"kind\": \"http-availability\", \"route\": \"/api/v1/*\"}, \"objective\": 99,"
                    + " \"period\": \"91d\"}",
            "{\"name\": \"x\", \"sli\": {\"kind\": \"http-availability\", \"route\": \"/api/v1/*\"}, \"objective\": 99,"
                    + " \"policy\": {\"preset\": \"nope\"}}",
            "{\"name\": \"x\", \"sli\": {\"kind\": \"http-availability\", \"route\": \"/api/v1/*\"}, \"objective\": 99,"
                    + " \"policy\": {\"rules\": [{\"severity\": \"critical\", \"long\": \"5m\", \"short\": \"1h\", \"factor\": 2}]}}",
            "{\"name\": \"x\", \"sli\": {\"kind\": \"check\", \"check_id\": \"no-such-check\"}, \"objective\": 99}",
            "{\"name\": \"x\", \"sli\": {\"kind\": \"events\"}, \"objective\": 99}",
            "{\"name\": \"" + slo + "\", \"app\": \"a\", \"sli\": {\"kind\": \"events\"}, \"objective\": 99}",
            "[]",
        };
        for (String definition : definitions) {
            Reply reply = http.postJson("api/v1/admin/slos", personas.admin(), definition);
            assertThat(reply.status()).as(definition + " -> " + reply).isEqualTo(400);
            assertThat(reply.code()).as(definition).isEqualTo("invalid_request");
        }
        String tooMany = IntStream.range(0, 1441).mapToObj(i -> "{\"at\": \"" + minute(i) + "\", \"good\": 1, \"total\": 1}")
                .collect(Collectors.joining(", ", "{\"minutes\": [", "]}"));
        String[] pushes = {
            "{\"minutes\": [{\"at\": \"" + minute(1) + "\", \"good\": 2, \"total\": 1}]}",
            "{\"minutes\": [{\"at\": \"" + minute(1) + "\", \"good\": -1, \"total\": 1}]}",
            "{\"minutes\": [{\"at\": \"" + minute(1) + "\", \"good\": 1, \"total\": 1e30}]}",
            "{\"minutes\": [{\"at\": \"" + minute(-5) + "\", \"good\": 1, \"total\": 1}]}",
            "{\"minutes\": [{\"at\": \"" + minute(31 * 1440) + "\", \"good\": 1, \"total\": 1}]}",
            "{\"minutes\": [{\"at\": \"2026-12-01T10:00:30Z\", \"good\": 1, \"total\": 1}]}",
            "{\"minutes\": [{\"at\": \"" + minute(1) + "\", \"good\": 1, \"total\": 1}, {\"at\": \"" + minute(1)
                    + "\", \"good\": 1, \"total\": 1}]}",
            "{\"source\": \"bad source!\", \"minutes\": [{\"at\": \"" + minute(1) + "\", \"good\": 1, \"total\": 1}]}",
            "{\"minutes\": []}",
            tooMany,
        };
        for (String push : pushes) {
            Reply reply = http.postJson("api/v1/slos/" + slo + "/events", personas.alpha().auth(), push);
            assertThat(reply.status()).as(push.substring(0, Math.min(200, push.length())) + " -> " + reply).isEqualTo(400);
            assertThat(reply.code()).isEqualTo("invalid_request");
        }
        assertThat(minutes(slo)).as("nothing stored by refused pushes").isEmpty();
        Reply range = http.postJson("api/v1/admin/slos/" + slo + "/backtest", personas.admin(),
                "{\"from\": \"2026-01-01T00:00:00Z\", \"to\": \"2026-03-01T00:00:00Z\"}");
        assertThat(range.status()).as(range.toString()).isEqualTo(400);
    }

    @Test
    void vigilsOwnApiTrafficFeedsItsDefaultSlos() {
        JsonArray slos = http.get("api/v1/admin/slos", personas.admin()).jsonValue().asJsonArray();
        assertThat(slos.stream().map(s -> s.asJsonObject().getString("name")))
                .contains("vigil-api-latency", "vigil-api-availability");
        for (int i = 0; i < 20; i++) {
            http.get("api/v1/me", personas.alpha().auth());
        }
        // Each server stores its minutes about 10 s after they end.
        Awaitility.await().atMost(Duration.ofSeconds(100)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            JsonArray minutes = minutes("vigil-api-availability");
            long total = minutes.stream().mapToLong(m -> m.asJsonObject().getJsonNumber("total").longValue()).sum();
            assertThat(total).isGreaterThanOrEqualTo(20);
            assertThat(minutes("vigil-api-latency")).isNotEmpty();
        });
        String metrics = http.get("metrics", Auth.NONE).body();
        assertThat(metrics).contains("vigil_http_request_duration_seconds_bucket")
                .containsPattern("vigil_http_request_duration_seconds_bucket\\{[^}]*le=\"0\\.4\"")
                .containsPattern("vigil_http_request_duration_seconds_bucket\\{[^}]*le=\"0\\.45\"")
                .containsPattern("vigil_slo_events_total\\{[^}]*slo=\"vigil-api-availability\"");
    }

    @Test
    void aCheckSliIsFedByItsPingsAndTheCycleReportsItsBurn() {
        JsonObject check = http.postJson("api/v1/admin/checks", personas.admin(), "{\"app\": \"" + personas.alpha().id()
                + "\", \"name\": \"slo job " + UUID.randomUUID() + "\"}").json();
        String name = "job-" + UUID.randomUUID().toString().substring(0, 8);
        Reply created = http.postJson("api/v1/admin/slos", personas.admin(), "{\"name\": \"" + name + "\", \"sli\":"
                + " {\"kind\": \"check\", \"check_id\": \"" + check.getString("uuid") + "\"}, \"objective\": 90,"
                + " \"policy\": {\"preset\": \"seed-003\", \"budget_min_events\": 4}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        // Alongside, an events SLO burning through its last hour (half its events bad).
        String burning = eventsSlo(personas.alpha());
        String lastHour = IntStream.rangeClosed(1, 60).mapToObj(i -> "{\"at\": \"" + minute(i)
                + "\", \"good\": 50, \"total\": 100}").collect(Collectors.joining(", ", "{\"minutes\": [", "]}"));
        assertThat(http.postJson("api/v1/slos/" + burning + "/events", personas.alpha().auth(), lastHour).status())
                .isEqualTo(200);
        for (String suffix : new String[] {"", "", "", "/fail"}) {
            assertThat(http.get("ping/" + check.getString("uuid") + suffix, Auth.NONE).status()).isEqualTo(200);
        }
        // The cycle (every minute at second 30) copies the check's minutes and evaluates.
        Awaitility.await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(3)).untilAsserted(() -> {
            JsonArray minutes = minutes(name);
            assertThat(minutes.stream().mapToLong(m -> m.asJsonObject().getJsonNumber("total").longValue()).sum())
                    .isEqualTo(4);
            JsonObject slo = http.get("api/v1/admin/slos/" + name, personas.admin()).json();
            assertThat(slo.getString("status")).isNotEqualTo("new");
        });
        assertThat(minutes(name).stream().mapToLong(m -> m.asJsonObject().getJsonNumber("good").longValue()).sum())
                .isEqualTo(3);
        JsonObject slo = http.get("api/v1/admin/slos/" + name, personas.admin()).json();
        // One failure in four against a 10 % budget: 2.5x over the hour, under seed 003's 7x warning; the budget is
        // overspent, and four events are the period's minimum this policy asks before that pages.
        assertThat(slo.getJsonObject("policy").getString("preset")).as("the policy as stored").isEqualTo("seed-003");
        assertThat(slo.getJsonObject("policy").getInt("budget_min_events")).isEqualTo(4);
        assertThat(slo.getJsonObject("policy").getJsonArray("rules")).hasSize(6);
        assertThat(slo.getJsonObject("burn_rates").getJsonNumber("1h").doubleValue()).isEqualTo(2.5);
        assertThat(slo.getString("status")).isEqualTo("critical");
        assertThat(slo.getJsonArray("firing").getJsonObject(0).getString("alertname")).isEqualTo("SloErrorBudgetExhausted");
        assertThat(slo.getJsonArray("snapshots")).isNotEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(http.get("metrics", Auth.NONE).body())
                .containsPattern("vigil_slo_burn_rate\\{[^}]*slo=\"" + name + "\"[^}]*window=\"1h\"")
                .containsPattern("vigil_slo_error_budget_remaining_ratio\\{[^}]*slo=\"" + name + "\""));
        JsonArray alerts = http.get("api/v1/admin/alerts?state=firing&name=SloErrorBudgetExhausted&limit=500",
                personas.admin()).jsonValue().asJsonArray();
        JsonObject alert = alerts.stream().map(a -> a.asJsonObject())
                .filter(a -> name.equals(a.getJsonObject("labels").getString("slo", null))).findFirst().orElseThrow();
        assertThat(alert.getJsonObject("labels").getString("window")).isEqualTo("30d");
        assertThat(alert.getJsonObject("labels").getString("severity")).isEqualTo("critical");
        assertThat(alert.getJsonObject("annotations").getString("runbook_url")).endsWith("slo-burning.md");
        Reply acked = http.postJson("api/v1/admin/alerts/" + alert.getString("id") + "/ack", personas.admin(),
                "{\"comment\": \"looking\"}");
        assertThat(acked.status()).as(acked.toString()).isEqualTo(200);

        // The burning SLO pages on its short windows; disabled, every alert it raised is resolved.
        await(() -> assertThat(sloAlerts(burning, "firing")).extracting(a -> a.getJsonObject("labels").getString("window"))
                .contains("1h/5m", "6h/30m"));
        int raised = sloAlerts(burning, "firing").size();
        Reply disabled = http.send("PUT", "api/v1/admin/slos/" + burning, personas.admin(), "application/json",
                java.net.http.HttpRequest.BodyPublishers.ofString("{\"enabled\": false}"));
        assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
        assertThat(sloAlerts(burning, "firing")).isEmpty();
        assertThat(sloAlerts(burning, "resolved")).hasSize(raised);
    }

    private java.util.List<JsonObject> sloAlerts(String slo, String state) {
        return http.get("api/v1/admin/alerts?state=" + state + "&source=ops&limit=500", personas.admin()).jsonValue()
                .asJsonArray().stream().map(a -> a.asJsonObject())
                .filter(a -> slo.equals(a.getJsonObject("labels").getString("slo", null))).toList();
    }

    private static void await(org.awaitility.core.ThrowingRunnable assertion) {
        Awaitility.await().atMost(Duration.ofSeconds(100)).pollInterval(Duration.ofSeconds(2)).untilAsserted(assertion);
    }

    @Test
    void seed002sCatalogueIsOneCallAndOpenSloDocumentsGoOutAndComeBack() {
        Personas.App app = Personas.app(http, personas.admin(), "catalogue-" + UUID.randomUUID());
        Reply enabled = http.postJson("api/v1/admin/slos/catalogue", personas.admin(), "{\"app\": \"" + app.id() + "\"}");
        assertThat(enabled.status()).as(enabled.toString()).isEqualTo(200);
        assertThat(enabled.json().getJsonArray("created").getValuesAs(jakarta.json.JsonString::getString))
                .containsExactly("crash-free-sessions-" + app.id(), "sync-freshness-" + app.id());
        assertThat(enabled.json().getJsonArray("existing").getValuesAs(jakarta.json.JsonString::getString))
                .contains("vigil-api-latency", "vigil-api-availability");
        Reply again = http.postJson("api/v1/admin/slos/catalogue", personas.admin(), "{\"app\": \"" + app.id() + "\"}");
        assertThat(again.json().getJsonArray("created")).isEmpty();
        assertThat(http.get("api/v1/admin/slos/crash-free-sessions-" + app.id(), personas.admin()).json()
                .getJsonObject("sli").getString("kind")).isEqualTo("crash-free-sessions");

        String name = "crash-free-sessions-" + app.id();
        Reply exported = http.get("api/v1/admin/slos/" + name + "/openslo", personas.admin());
        assertThat(exported.status()).isEqualTo(200);
        assertThat(exported.header("Content-Type").orElse("")).startsWith("application/yaml");
        assertThat(exported.body()).contains("apiVersion: openslo/v1", "kind: SLO", "name: " + name, "target: 0.995");
        // Changed there, imported back: the same SLO, updated.
        String changed = exported.body().replace("target: 0.995", "target: 0.99");
        Reply imported = http.send("POST", "api/v1/admin/slos/openslo", personas.admin(), "application/yaml",
                java.net.http.HttpRequest.BodyPublishers.ofString(changed));
        assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
        assertThat(imported.json().getJsonArray("updated").getValuesAs(jakarta.json.JsonString::getString))
                .containsExactly(name);
        JsonObject slo = http.get("api/v1/admin/slos/" + name, personas.admin()).json();
        assertThat(slo.getJsonNumber("objective").doubleValue()).isEqualTo(99.0);
        assertThat(slo.getString("app")).isEqualTo(app.id());
        Reply refused = http.send("POST", "api/v1/admin/slos/openslo", personas.admin(), "application/yaml",
                java.net.http.HttpRequest.BodyPublishers.ofString(changed.replace("Occurrences", "Timeslices")));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("Timeslices");
    }

    /** The app's sessions and syncs from its telemetry become the two catalogue SLOs' minutes at the next cycles. */
    @Test
    void telemetryFeedsTheCrashFreeAndFreshnessSlos() {
        Personas.App app = Personas.app(http, personas.admin(), "telemetry-slo-" + UUID.randomUUID());
        assertThat(http.postJson("api/v1/admin/slos/catalogue", personas.admin(), "{\"app\": \"" + app.id() + "\"}")
                .status()).isEqualTo(200);
        // After the SLOs were made: a mirrored SLI counts from the minute it was set. The minute under way is
        // copied once it is over, so the cycles below wait for it.
        Instant at = Instant.now();
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            String status = i < 2 ? "crashed" : "ok";
            events.append(i == 0 ? "" : ", ").append("{\"id\": \"end-").append(i).append("\", \"type\": \"session.end\",")
                    .append(" \"sessionId\": \"s").append(i).append("\", \"status\": \"").append(status)
                    .append("\", \"at\": \"").append(at.plusSeconds(i)).append("\"}");
            events.append(", {\"id\": \"lag-").append(i).append("\", \"type\": \"sync.lag_ms\", \"value\": ")
                    .append(i < 3 ? 300_000 : 5_000).append(", \"at\": \"").append(at.plusSeconds(i)).append("\"}");
        }
        assertThat(http.postJson("api/v1/telemetry", app.auth(), "{\"appVersion\": \"1.0.0\", \"events\": [" + events + "]}")
                .status()).isEqualTo(202);
        for (String slo : List.of("crash-free-sessions-", "sync-freshness-")) {
            await(() -> {
                assertThat(http.post("api/v1/admin/jobs/slo-evaluate/runs", personas.admin()).status()).isEqualTo(200);
                JsonArray minutes = http.get("api/v1/admin/slos/" + slo + app.id() + "/minutes?hours=1", personas.admin())
                        .jsonValue().asJsonArray();
                long good = minutes.stream().mapToLong(m -> m.asJsonObject().getJsonNumber("good").longValue()).sum();
                long total = minutes.stream().mapToLong(m -> m.asJsonObject().getJsonNumber("total").longValue()).sum();
                assertThat(total).as(slo).isEqualTo(10);
                assertThat(good).as(slo).isEqualTo(slo.startsWith("crash") ? 8 : 7);
            });
        }
    }

    @Test
    void theBacktestSaysWhenAlertsWouldHaveFired() {
        String slo = eventsSlo(personas.alpha());
        Instant from = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(2));
        String good = IntStream.range(0, 600).mapToObj(i -> i >= 300 && i < 320 ? "0" : "100")
                .collect(Collectors.joining(", "));
        String total = IntStream.range(0, 600).mapToObj(i -> "100").collect(Collectors.joining(", "));
        Reply reply = http.postJson("api/v1/admin/slos/" + slo + "/backtest", personas.admin(), "{\"from\": \"" + from
                + "\", \"to\": \"" + from.plus(Duration.ofMinutes(600)) + "\", \"objective\": 99.9, \"series\": {\"start\": \""
                + from + "\", \"good\": [" + good + "], \"total\": [" + total + "]}}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonObject page = reply.json().getJsonArray("alerts").stream().map(a -> a.asJsonObject())
                .filter(a -> a.getString("window").equals("1h/5m")).findFirst().orElseThrow();
        assertThat(page.getString("severity")).isEqualTo("critical");
        assertThat(page.getString("fired_at")).isEqualTo(from.plus(Duration.ofMinutes(301)).toString());
        assertThat(page.getString("resolved_at")).isEqualTo(from.plus(Duration.ofMinutes(325)).toString());
    }
}
