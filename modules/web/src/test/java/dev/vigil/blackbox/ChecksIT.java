package dev.vigil.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.testing.BlackBox;
import dev.vigil.testing.Http;
import dev.vigil.testing.Http.Auth;
import dev.vigil.testing.Http.Reply;
import dev.vigil.testing.Personas;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Job checks from the outside: pings sent by {@code curl} exactly as healthchecks.io's docs show,
 * every suffix, method and {@code rid} pairing; ping keys with {@code ?create=1}; bad input; the
 * healthchecks.io v3 API with {@code X-Api-Key}; a down check paging through alerting.
 */
@ExtendWith(BlackBox.class)
class ChecksIT {

    private final Http http = BlackBox.http();
    private final Personas personas = BlackBox.personas();

    private JsonObject createCheck(String app, String extra) {
        Reply created = http.postJson("api/v1/admin/checks", personas.admin(), "{\"app\": \"" + app + "\", \"name\": \"job "
                + UUID.randomUUID() + "\"" + extra + "}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    private String pingUrl(String suffix) {
        return http.base().resolve("ping/" + suffix).toString();
    }

    /** Runs curl with these arguments; its exit status and standard output. */
    private static Map.Entry<Integer, String> curl(String... args) {
        List<String> command = new ArrayList<>(List.of("curl"));
        command.addAll(List.of(args));
        return run(command);
    }

    private static Map.Entry<Integer, String> run(List<String> command) {
        try {
            Path out = Files.createTempFile("curl", ".out");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("curl finished").isTrue();
            String output = Files.readString(out);
            Files.delete(out);
            return Map.entry(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<JsonObject> pings(String id) {
        Reply pings = http.get("api/v1/admin/checks/" + id + "/pings", personas.admin());
        assertThat(pings.status()).as(pings.toString()).isEqualTo(200);
        return pings.jsonValue().asJsonArray().stream().map(JsonValue::asJsonObject).toList();
    }

    private JsonObject check(String id) {
        return http.get("api/v1/admin/checks/" + id, personas.admin()).json();
    }

    @Test
    void curlPingsAsHealthchecksIoDocumentsThemWithEverySuffixMethodAndRid() {
        JsonObject check = createCheck(personas.alpha().id(), ", \"timeout\": 3600, \"grace\": 600");
        String id = check.getString("uuid");
        assertThat(check.getString("ping_url")).isEqualTo(pingUrl(id));
        assertThat(check.getString("status")).isEqualTo("new");

        // The docs' cron line: curl -fsS -m 10 --retry 5 -o /dev/null https://hc-ping.com/<uuid>
        assertThat(curl("-fsS", "-m", "10", "--retry", "5", "-o", "/dev/null", pingUrl(id)).getKey()).isZero();
        assertThat(check(id).getString("status")).isEqualTo("up");

        // Start, then the end with the same rid: a run with a duration.
        String rid = UUID.randomUUID().toString();
        assertThat(curl("-fsS", "-m", "10", "--retry", "5", pingUrl(id + "/start?rid=" + rid))).isEqualTo(Map.entry(0, "OK"));
        assertThat(check(id).getString("status")).isEqualTo("started");
        // $? of a command that succeeded, posted with its log as the body.
        String log = "backup done\n42 files\n";
        assertThat(curl("-fsS", "-m", "10", "--retry", "5", "--data-raw", log, pingUrl(id + "/0?rid=" + rid)).getKey())
                .isZero();
        JsonObject ended = pings(id).get(0);
        assertThat(ended.getString("type")).isEqualTo("success");
        assertThat(ended.getInt("exitstatus")).isZero();
        assertThat(ended.getString("method")).isEqualTo("POST");
        assertThat(ended.getString("rid")).isEqualTo(rid);
        assertThat(ended.getString("body")).isEqualTo(log);
        assertThat(ended.getString("ua")).startsWith("curl/");
        assertThat(ended.getString("remote_addr")).isEqualTo("127.0.0.1");
        assertThat(ended.containsKey("duration")).isTrue();
        assertThat(check(id).getString("status")).isEqualTo("up");

        // /log keeps a message and changes nothing; HEAD works like GET.
        assertThat(curl("-fsS", "-m", "10", "--data-raw", "half way", pingUrl(id + "/log")).getValue()).isEqualTo("OK");
        assertThat(curl("-fsSI", "-m", "10", pingUrl(id)).getKey()).isZero();
        assertThat(pings(id).get(0).getString("method")).isEqualTo("HEAD");
        assertThat(pings(id).get(1).getString("type")).isEqualTo("log");
        assertThat(pings(id).get(1).getString("body")).isEqualTo("half way");

        // A failing command's exit status, and /fail: down at the first failure (the default), up again on success.
        assertThat(curl("-fsS", "-m", "10", "-o", "/dev/null", pingUrl(id + "/3")).getKey()).isZero();
        JsonObject failed = pings(id).get(0);
        assertThat(failed.getString("type")).isEqualTo("fail");
        assertThat(failed.getInt("exitstatus")).isEqualTo(3);
        assertThat(check(id).getString("status")).isEqualTo("down");
        assertThat(curl("-fsS", "-m", "10", "-X", "POST", pingUrl(id + "/fail")).getValue()).isEqualTo("OK");
        assertThat(curl("-fsS", "-m", "10", pingUrl(id)).getValue()).isEqualTo("OK");
        assertThat(check(id).getString("status")).isEqualTo("up");

        Reply flips = http.get("api/v1/admin/checks/" + id + "/flips", personas.admin());
        assertThat(flips.jsonValue().asJsonArray().stream().map(f -> f.asJsonObject().getString("to")))
                .containsExactly("up", "down", "up");
        assertThat(check(id).getInt("n_pings")).isEqualTo(8);
        assertThat(http.get("metrics", Auth.NONE).body()).contains("vigil_check_pings_total{kind=\"start\"")
                .contains("vigil_check_run_duration_seconds");
    }

    @Test
    void aCrontabLineMovedFromHealthchecksIoChangesOnlyItsHost() {
        // The check keeps the uuid it had at healthchecks.io (an admin's import).
        String uuid = UUID.randomUUID().toString();
        createCheck(personas.alpha().id(), ", \"uuid\": \"" + uuid + "\", \"schedule\": \"30 2 * * *\","
                + " \"tz\": \"Europe/Berlin\", \"grace\": 3600");
        String host = http.base().toString().replaceAll("/$", "");
        String before = "true && curl -fsS -m 10 --retry 5 -o /dev/null https://hc-ping.com/" + uuid;
        String after = before.replace("https://hc-ping.com", host + "/ping");
        assertThat(shell(after).getKey()).isZero();
        assertThat(check(uuid).getString("status")).isEqualTo("up");
        assertThat(check(uuid).getString("schedule")).isEqualTo("30 2 * * *");
        // The docs' variant: the command's output as the body, its exit status as the suffix.
        assertThat(shell("m=$(echo backup failed; exit 3); curl -fsS -m 10 --retry 5 --data-raw \"$m\" " + host
                + "/ping/" + uuid + "/$?").getKey()).isZero();
        JsonObject failed = pings(uuid).get(0);
        assertThat(failed.getString("type")).isEqualTo("fail");
        assertThat(failed.getInt("exitstatus")).isEqualTo(3);
        assertThat(failed.getString("body")).isEqualTo("backup failed");

        Reply taken = http.postJson("api/v1/admin/checks", personas.admin(), "{\"app\": \"" + personas.alpha().id()
                + "\", \"uuid\": \"" + uuid + "\"}");
        assertThat(taken.status()).isEqualTo(400);
        assertThat(taken.code()).isEqualTo("invalid_request");
        assertThat(v3("POST", "api/v3/checks/", Map.of("X-Api-Key", personas.alpha().apiKey()),
                "{\"name\": \"mine\", \"uuid\": \"" + UUID.randomUUID() + "\"}").status()).isEqualTo(400);
    }

    private static Map.Entry<Integer, String> shell(String line) {
        return run(List.of("sh", "-c", line));
    }

    @Test
    void aPingKeyPingsBySlugAndCreateMakesMissingChecksOnce() {
        Reply key = http.postJson("api/v1/admin/checks/ping-keys", personas.admin(),
                "{\"app\": \"" + personas.alpha().id() + "\"}");
        assertThat(key.status()).as(key.toString()).isEqualTo(201);
        String pingKey = key.json().getString("ping_key");
        String slug = "nightly-" + UUID.randomUUID().toString().substring(0, 8);

        assertThat(curl("-sS", "-m", "10", "-w", " %{http_code}", pingUrl(pingKey + "/" + slug)).getValue())
                .isEqualTo("not found 404");
        assertThat(curl("-sS", "-m", "10", "-w", " %{http_code}", pingUrl(pingKey + "/" + slug + "?create=1")).getValue())
                .isEqualTo("Created 201");
        assertThat(curl("-sS", "-m", "10", "-w", " %{http_code}", pingUrl(pingKey + "/" + slug + "/start?create=1"))
                .getValue()).isEqualTo("OK 200");
        JsonObject made = http.get("api/v1/admin/checks", personas.admin()).jsonValue().asJsonArray().stream()
                .map(JsonValue::asJsonObject).filter(c -> c.getString("slug").equals(slug)).findFirst().orElseThrow();
        assertThat(made.getString("app")).isEqualTo(personas.alpha().id());
        assertThat(made.getString("status")).isEqualTo("started");

        // A second check with the slug makes it ambiguous, as healthchecks.io answers.
        createCheck(personas.alpha().id(), ", \"slug\": \"" + slug + "\"");
        assertThat(curl("-sS", "-m", "10", "-w", " %{http_code}", pingUrl(pingKey + "/" + slug + "/fail")).getValue())
                .isEqualTo("ambiguous slug 409");
        // The key pings only its own app's checks, and a new key retires the old one.
        String beta = "beta-" + UUID.randomUUID().toString().substring(0, 8);
        createCheck(personas.beta().id(), ", \"slug\": \"" + beta + "\"");
        assertThat(curl("-sS", "-m", "10", "-w", " %{http_code}", pingUrl(pingKey + "/" + beta)).getValue())
                .isEqualTo("not found 404");
        http.postJson("api/v1/admin/checks/ping-keys", personas.admin(), "{\"app\": \"" + personas.alpha().id() + "\"}");
        assertThat(curl("-sS", "-m", "10", "-w", " %{http_code}", pingUrl(pingKey + "/" + slug + "?create=1")).getValue())
                .isEqualTo("not found 404");
    }

    @Test
    void concurrentPingsSharingCommitsAreEachCountedOnceAndTheLastDecidesTheStatus() throws Exception {
        // Pings that arrive together share a transaction; several of one check in one batch must each
        // count, be numbered once, and leave the check as the last of them says.
        String flapping = createCheck(personas.alpha().id(), "").getString("uuid");
        String steady = createCheck(personas.alpha().id(), "").getString("uuid");
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().build();
        List<java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            for (String suffix : List.of(flapping, flapping + "/fail", steady)) {
                sent.add(client.sendAsync(HttpRequest.newBuilder(java.net.URI.create(pingUrl(suffix)))
                        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString("run " + i)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()));
            }
        }
        for (var reply : sent) {
            assertThat(reply.get(60, TimeUnit.SECONDS).body()).isEqualTo("OK");
        }

        for (Map.Entry<String, Integer> expected : Map.of(flapping, 80, steady, 40).entrySet()) {
            JsonObject check = check(expected.getKey());
            assertThat(check.getInt("n_pings")).as("pings counted").isEqualTo(expected.getValue());
            List<JsonObject> pings = pings(expected.getKey());
            assertThat((int) pings.stream().map(p -> p.getInt("n")).distinct().count()).as("each numbered once")
                    .isEqualTo(expected.getValue());
            assertThat(pings.stream().mapToInt(p -> p.getInt("n")).max().orElseThrow()).isEqualTo(expected.getValue());
            JsonObject last = pings.stream().max(java.util.Comparator.comparingInt(p -> p.getInt("n"))).orElseThrow();
            assertThat(check.getString("status")).as("the last ping decides")
                    .isEqualTo("fail".equals(last.getString("type")) ? "down" : "up");
            List<JsonObject> minutes = http.get("api/v1/admin/checks/" + expected.getKey() + "/minutes?hours=1",
                    personas.admin()).jsonValue().asJsonArray().stream().map(JsonValue::asJsonObject).toList();
            assertThat(minutes.stream().mapToInt(m -> m.getInt("total")).sum()).as("runs counted per minute")
                    .isEqualTo(expected.getValue());
            assertThat(minutes.stream().mapToInt(m -> m.getInt("good")).sum()).as("successes counted per minute")
                    .isEqualTo(40);
        }
    }

    @Test
    void badPingsGetHealthchecksIoAnswersAndHarmNothing() {
        String id = createCheck(personas.alpha().id(), "").getString("uuid");
        assertThat(send("GET", UUID.randomUUID().toString())).isEqualTo("404 not found");
        assertThat(send("GET", id + "/256")).isEqualTo("400 invalid url format");
        assertThat(send("GET", id + "/-1")).isEqualTo("404 not found");
        assertThat(send("GET", id + "/abc")).isEqualTo("404 not found");
        assertThat(send("GET", id + "?rid=not-a-uuid")).isEqualTo("400 invalid uuid format");
        assertThat(send("GET", "somekey/Bad-Slug")).isEqualTo("400 invalid url format");
        assertThat(send("GET", "somekey/bad.slug")).isEqualTo("404 not found");
        assertThat(send("GET", id + "/start/extra/parts/here")).isEqualTo("404 not found");
        assertThat(send("PUT", id)).isEqualTo("405 method not allowed");
        assertThat(check(id).getInt("n_pings")).as("no bad ping counted").isZero();
        // Vigil's own jobs' checks are fed by their runs only: their uuids answer like unknown ones.
        String jobCheck = http.get("api/v1/admin/checks", personas.admin()).jsonValue().asJsonArray().stream()
                .map(JsonValue::asJsonObject).filter(c -> "ops-cleanup".equals(c.getString("job", "")))
                .findFirst().orElseThrow().getString("uuid");
        assertThat(send("GET", jobCheck + "/start")).isEqualTo("404 not found");
        assertThat(send("GET", jobCheck + "/fail")).isEqualTo("404 not found");

        // A body over the limit is truncated, not refused; NUL bytes and invalid UTF-8 are stored harmlessly.
        byte[] huge = new byte[3 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) 'x');
        huge[0] = 0;
        huge[1] = (byte) 0xC3;
        Reply reply = http.send("POST", "ping/" + id, Auth.NONE, "text/plain", HttpRequest.BodyPublishers.ofByteArray(huge));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Ping-Body-Limit")).contains("10000");
        JsonObject ping = pings(id).get(0);
        assertThat(ping.getJsonNumber("body_bytes").longValue()).isEqualTo(huge.length);
        assertThat(ping.getString("body").length()).isLessThanOrEqualTo(10_000);
        assertThat(ping.getString("body")).endsWith("xxxx");
        assertThat(check(id).getString("status")).isEqualTo("up");
    }

    private String send(String method, String suffix) {
        Reply reply = http.send(method, "ping/" + suffix, Auth.NONE, null, HttpRequest.BodyPublishers.noBody());
        assertThat(reply.header("Content-Type").orElse("")).startsWith("text/plain");
        return reply.status() + " " + reply.body();
    }

    @Test
    void healthchecksIoV3ApiWithAnAppKeyInXApiKeySeesOnlyThatAppsChecks() {
        Map<String, String> alpha = Map.of("X-Api-Key", personas.alpha().apiKey());
        String name = "v3 " + UUID.randomUUID();
        Reply created = v3("POST", "api/v3/checks/", alpha, "{\"name\": \"" + name + "\", \"tags\": \"prod www\","
                + " \"timeout\": 3600, \"grace\": 60, \"unique\": [\"name\"]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String uuid = created.json().getString("uuid");
        assertThat(created.json().getString("slug")).isEqualTo(CheckSlug.of(name));
        assertThat(created.json().getInt("timeout")).isEqualTo(3600);
        Reply again = v3("POST", "api/v3/checks/", alpha, "{\"name\": \"" + name + "\", \"grace\": 120, \"unique\": [\"name\"]}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().getString("uuid")).isEqualTo(uuid);
        assertThat(again.json().getInt("grace")).isEqualTo(120);

        Reply list = v3("GET", "api/v3/checks/", alpha, null);
        assertThat(list.json().getJsonArray("checks").stream().map(c -> c.asJsonObject().getString("uuid"))).contains(uuid);
        Reply betaList = v3("GET", "api/v3/checks/", Map.of("X-Api-Key", personas.beta().apiKey()), null);
        assertThat(betaList.json().getJsonArray("checks").stream().map(c -> c.asJsonObject().getString("uuid")))
                .doesNotContain(uuid);
        assertThat(v3("GET", "api/v3/checks/" + uuid, Map.of("X-Api-Key", personas.beta().apiKey()), null).status())
                .isEqualTo(404);
        assertThat(v3("GET", "api/v3/checks/", Map.of("X-Api-Key", "vgl_wrong"), null).status()).isEqualTo(401);
        assertThat(http.get("api/v3/checks/", personas.member()).status()).isEqualTo(403);

        Reply cron = v3("POST", "api/v3/checks/" + uuid, alpha, "{\"schedule\": \"*/5 * * * *\", \"tz\": \"Europe/Berlin\"}");
        assertThat(cron.json().getString("schedule")).isEqualTo("*/5 * * * *");
        assertThat(cron.json().getString("tz")).isEqualTo("Europe/Berlin");
        assertThat(v3("POST", "api/v3/checks/" + uuid, alpha, "{\"schedule\": \"not cron\"}").status()).isEqualTo(400);
        assertThat(v3("POST", "api/v3/checks/" + uuid, alpha, "{\"timeout\": \"soon\"}").status()).isEqualTo(400);
        assertThat(v3("POST", "api/v3/checks/" + uuid, alpha, "{\"slug\": \"Bad Slug\"}").status()).isEqualTo(400);
        assertThat(v3("POST", "api/v3/checks/" + uuid, alpha, "{\"tz\": \"Mars/Olympus\"}").status()).isEqualTo(400);

        http.get("ping/" + uuid, Auth.NONE);
        assertThat(v3("GET", "api/v3/checks/" + uuid + "/pings/", alpha, null).json().getJsonArray("pings")).hasSize(1);
        assertThat(v3("GET", "api/v3/checks/" + uuid + "/flips/", alpha, null).json().getJsonArray("flips").get(0)
                .asJsonObject().getInt("up")).isEqualTo(1);
        assertThat(v3("POST", "api/v3/checks/" + uuid + "/pause", alpha, "").json().getString("status")).isEqualTo("paused");
        assertThat(v3("DELETE", "api/v3/checks/" + uuid, alpha, null).status()).isEqualTo(200);
        assertThat(v3("GET", "api/v3/checks/" + uuid, alpha, null).status()).isEqualTo(404);
    }

    private Reply v3(String method, String path, Map<String, String> headers, String json) {
        return http.send(method, path, Auth.NONE, json == null ? null : "application/json",
                json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json), headers);
    }

    @Test
    void aCheckGoingDownPagesThroughAlertingAndItsRecoveryResolves() {
        String id = createCheck(personas.alpha().id(), ", \"failures\": 2").getString("uuid");
        http.get("ping/" + id, Auth.NONE);
        http.get("ping/" + id + "/fail", Auth.NONE);
        assertThat(check(id).getString("status")).as("one failure of two").isEqualTo("up");
        http.get("ping/" + id + "/1", Auth.NONE);
        assertThat(check(id).getString("status")).isEqualTo("down");
        assertThat(check(id).getString("down_reason")).isEqualTo("fail");
        await().atMost(Duration.ofSeconds(10)).until(() -> alertState(id).equals("firing"));
        http.get("ping/" + id, Auth.NONE);
        await().atMost(Duration.ofSeconds(10)).until(() -> alertState(id).equals("resolved"));
        // Statuses are read for /metrics at most every 15 s; a check new since the last read shows at a later scrape.
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(2)).until(() -> http.get("metrics",
                Auth.NONE).body().contains("vigil_check_status{check=\"" + check(id).getString("name") + "\""));
    }

    /** The state of the JobCheckDown alert of a check, from the admin alert list; empty when there is none. */
    private String alertState(String checkId) {
        Reply alerts = http.get("api/v1/admin/alerts?name=JobCheckDown&limit=500", personas.admin());
        assertThat(alerts.status()).as(alerts.toString()).isEqualTo(200);
        return alerts.jsonValue().asJsonArray().stream().map(JsonValue::asJsonObject)
                .filter(a -> a.getJsonObject("labels").getString("check_id", "").equals(checkId))
                .map(a -> a.getString("state")).findFirst().orElse("");
    }

    /** healthchecks.io's slug of a name. */
    private static final class CheckSlug {
        static String of(String name) {
            return name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]+", "-").replaceAll("^-+|-+$", "");
        }
    }
}
