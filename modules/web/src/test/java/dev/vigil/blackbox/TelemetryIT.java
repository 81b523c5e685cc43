package dev.vigil.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.testing.BlackBox;
import dev.vigil.testing.Http;
import dev.vigil.testing.Http.Auth;
import dev.vigil.testing.Http.Reply;
import dev.vigil.testing.Personas;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Client telemetry: batches stored once per event id, per-minute sums equal to what was sent,
 * aliases read as their sources, crash-free and sync-lag math on known sessions, apps kept to
 * their own telemetry, 1,000 malformed batches refused with a code and nothing stored.
 */
@ExtendWith(BlackBox.class)
class TelemetryIT {

    private final Http http = BlackBox.http();
    private final Personas personas = BlackBox.personas();
    private final Instant base = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(30, ChronoUnit.MINUTES);

    private Personas.App app(String name) {
        return Personas.app(http, personas.admin(), "telemetry-" + name + "-" + UUID.randomUUID());
    }

    private static String event(String id, String type, Instant at, long value, String extra) {
        return "{\"id\": \"" + id + "\", \"type\": \"" + type + "\", \"at\": \"" + at + "\", \"value\": " + value + extra + "}";
    }

    private Reply send(Auth app, String version, List<String> events) {
        return http.postJson("api/v1/telemetry", app, "{\"appVersion\": \"" + version + "\", \"platform\": \"android\","
                + " \"events\": [" + String.join(", ", events) + "]}");
    }

    private JsonObject series(Auth who, String app, String signal, String query) {
        Reply reply = http.get("api/v1/telemetry/series?app=" + app + "&signal=" + signal + "&from=" + base.minusSeconds(3600)
                + "&to=" + base.plusSeconds(3600) + "&" + query, who);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json();
    }

    private static long sum(JsonObject series) {
        return series.getJsonArray("points").stream().mapToLong(p -> p.asJsonObject().getJsonNumber("value").longValue()).sum();
    }

    @Test
    void eachEventIsCountedOnceAndTheSumsAreWhatWasSent() {
        Personas.App app = app("sums");
        Random random = new Random(17);
        Map<String, Long> expected = new TreeMap<>();
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Instant at = base.plusSeconds(random.nextInt(3 * 60));
            long value = random.nextInt(50);
            String version = i % 3 == 0 ? "1.0.0" : "1.1.0";
            String event = "{\"id\": \"sum-" + i + "\", \"type\": \"sync_queue_blocked_mutations\", \"at\": \"" + at
                    + "\", \"value\": " + value + ", \"appVersion\": \"" + version + "\"}";
            (i < 150 ? first : second).add(event);
            expected.merge(version + "@" + at.truncatedTo(ChronoUnit.MINUTES), value, Long::sum);
        }
        Reply one = send(app.auth(), "1.0.0", first);
        assertThat(one.status()).as(one.toString()).isEqualTo(202);
        assertThat(one.json().getInt("accepted")).isEqualTo(150);
        // The second batch repeats the first's last 50 events and one of its own twice.
        List<String> overlapping = new ArrayList<>(first.subList(100, 150));
        overlapping.addAll(second);
        overlapping.add(second.get(0));
        Reply two = send(app.auth(), "1.0.0", overlapping);
        assertThat(two.json().getInt("accepted")).isEqualTo(150);
        assertThat(two.json().getInt("duplicates")).isEqualTo(51);
        Reply again = send(app.auth(), "1.0.0", first);
        assertThat(again.json().getInt("accepted")).isZero();
        assertThat(again.json().getInt("duplicates")).isEqualTo(150);

        JsonObject perMinute = series(personas.member(), app.id(), "sync_queue_blocked_mutations", "step=minute&perVersion=true");
        Map<String, Long> actual = new TreeMap<>();
        perMinute.getJsonArray("points").forEach(p -> actual.put(p.asJsonObject().getString("version") + "@"
                + p.asJsonObject().getString("at"), p.asJsonObject().getJsonNumber("value").longValue()));
        assertThat(actual).isEqualTo(expected);
        long total = expected.values().stream().mapToLong(Long::longValue).sum();
        assertThat(sum(series(personas.admin(), app.id(), "sync_queue_blocked_mutations", "step=hour"))).isEqualTo(total);
        assertThat(sum(series(personas.admin(), app.id(), "sync_queue_blocked_mutations", "step=day&version=1.0.0")))
                .isEqualTo(expected.entrySet().stream().filter(e -> e.getKey().startsWith("1.0.0@"))
                        .mapToLong(Map.Entry::getValue).sum());
        assertThat(http.get("metrics", Auth.NONE).body()).contains("vigil_telemetry_events_total{mp_scope=\"application\","
                + "outcome=\"duplicate\",}");
    }

    @Test
    void aliasesReadAsTheSumOfTheirSources() {
        Personas.App app = app("aliases");
        assertThat(send(app.auth(), "2.0.0", List.of(
                event("a1", "sync_queue_block_events", base, 5, ""),
                event("a2", "reliability.authConfig.missingClerkConfig", base, 2, ""),
                event("a3", "reliability.authConfig.partialClerkConfig", base.plusSeconds(61), 3, ""),
                event("a4", "sync_queue_recovery_events", base, 1, ""))).status()).isEqualTo(202);
        assertThat(sum(series(personas.member(), app.id(), "queue_overflow_events", "step=hour"))).isEqualTo(5);
        JsonObject clerk = series(personas.member(), app.id(), "invalidClerkConfig", "step=minute");
        assertThat(clerk.getJsonArray("sources").getValuesAs(jakarta.json.JsonString::getString)).containsExactly(
                "reliability.authConfig.missingClerkConfig", "reliability.authConfig.partialClerkConfig");
        assertThat(sum(clerk)).isEqualTo(5);
        assertThat(clerk.getJsonArray("points")).hasSize(2);
        assertThat(http.get("api/v1/telemetry/aliases", personas.member()).jsonValue().asJsonArray().stream()
                .map(a -> a.asJsonObject().getString("alias")).toList()).contains("queue_overflow_events",
                "queue_overflow_recoveries", "invalidClerkConfig", "kv_unavailable");

        String alias = "blocked_or_recovered_" + app.id().substring(0, 8);
        String body = "{\"sources\": [\"sync_queue_block_events\", \"sync_queue_recovery_events\"], \"description\": \"x\"}";
        assertThat(http.send("PUT", "api/v1/admin/telemetry/aliases/" + alias, personas.member(), "application/json",
                HttpRequest.BodyPublishers.ofString(body)).status()).isEqualTo(403);
        assertThat(http.send("PUT", "api/v1/admin/telemetry/aliases/" + alias, personas.admin(), "application/json",
                HttpRequest.BodyPublishers.ofString(body)).status()).isEqualTo(201);
        assertThat(sum(series(app.auth(), app.id(), alias, "step=hour"))).isEqualTo(6);
        assertThat(http.send("PUT", "api/v1/admin/telemetry/aliases/x" + alias, personas.admin(), "application/json",
                HttpRequest.BodyPublishers.ofString("{\"sources\": [\"" + alias + "\"]}")).code()).isEqualTo("invalid_request");
        assertThat(http.delete("api/v1/admin/telemetry/aliases/" + alias, personas.admin()).status()).isEqualTo(204);
        assertThat(sum(series(app.auth(), app.id(), alias, "step=hour"))).isZero();
    }

    @Test
    void twoAliasWritesAtOnceNeverBuildAChain() throws Exception {
        // Each round: "a" = b and "b" = c sent at once. Whichever comes second must be refused, as it
        // would be one after the other; both accepted would make a chain the one-level map cannot read.
        String prefix = "chain_" + UUID.randomUUID().toString().substring(0, 8) + "_";
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                String a = prefix + "a" + round;
                String b = prefix + "b" + round;
                String c = prefix + "c" + round;
                CyclicBarrier start = new CyclicBarrier(2);
                Callable<Integer> first = () -> {
                    start.await();
                    return putAlias(a, b);
                };
                Callable<Integer> second = () -> {
                    start.await();
                    return putAlias(b, c);
                };
                var one = pool.submit(first);
                var two = pool.submit(second);
                List<Integer> statuses = List.of(one.get(30, TimeUnit.SECONDS), two.get(30, TimeUnit.SECONDS));
                assertThat(statuses).as("round " + round + ": " + a + " = " + b + " and " + b + " = " + c)
                        .containsExactlyInAnyOrder(201, 400);
            }
            List<String> made = aliasesStartingWith(prefix);
            assertThat(made).hasSize(20);
        } finally {
            pool.shutdownNow();
            for (String alias : aliasesStartingWith(prefix)) {
                assertThat(http.delete("api/v1/admin/telemetry/aliases/" + alias, personas.admin()).status()).isEqualTo(204);
            }
        }
    }

    private List<String> aliasesStartingWith(String prefix) {
        return http.get("api/v1/telemetry/aliases", personas.member()).jsonValue().asJsonArray().stream()
                .map(v -> v.asJsonObject().getString("alias")).filter(alias -> alias.startsWith(prefix)).toList();
    }

    private int putAlias(String alias, String source) {
        return http.send("PUT", "api/v1/admin/telemetry/aliases/" + alias, personas.admin(), "application/json",
                HttpRequest.BodyPublishers.ofString("{\"sources\": [\"" + source + "\"]}")).status();
    }

    @Test
    void crashFreeSessionsUsersAndSyncLagOnAKnownSet() {
        Personas.App app = app("sessions");
        List<String> events = new ArrayList<>();
        // 20 sessions of 10 users (two each): 1 crashed, 1 abnormal, 2 errored, 16 ok.
        for (int s = 0; s < 20; s++) {
            String status = s == 0 ? "crashed" : s == 1 ? "abnormal" : s < 4 ? "errored" : "ok";
            String who = ", \"sessionId\": \"s" + s + "\", \"userId\": \"u" + (s % 10) + "\"";
            events.add(event("start-" + s, "session.start", base.plusSeconds(s), 1, who));
            events.add(event("end-" + s, "session.end", base.plusSeconds(600 + s), 1, who + ", \"status\": \"" + status + "\""));
        }
        // The crashed session also reported an error first; the worse status stays.
        events.add(event("end-again-0", "session.end", base.plusSeconds(300), 1,
                ", \"sessionId\": \"s0\", \"status\": \"errored\""));
        // Sync lag: 90 samples of 1 to 90 s, 10 of 300 s.
        for (int i = 1; i <= 100; i++) {
            events.add(event("lag-" + i, "sync.lag_ms", base.plusSeconds(i), i <= 90 ? i * 1000L : 300_000L, ""));
        }
        // Ends before starts: a second batch of another version, its end sent first.
        assertThat(send(app.auth(), "3.0.0", List.of(event("late-end", "session.end", base.plusSeconds(900), 1,
                ", \"sessionId\": \"late\", \"status\": \"crashed\", \"userId\": \"u-late\""))).status()).isEqualTo(202);
        assertThat(send(app.auth(), "3.0.0", List.of(event("late-start", "session.start", base, 1,
                ", \"sessionId\": \"late\""))).status()).isEqualTo(202);
        assertThat(send(app.auth(), "2.9.0", events).status()).isEqualTo(202);

        Reply reply = http.get("api/v1/releases?app=" + app.id() + "&from=" + base.minusSeconds(60) + "&to="
                + base.plusSeconds(3600), personas.member());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonArray versions = reply.json().getJsonArray("versions");
        assertThat(versions).hasSize(2);
        JsonObject release = versions.getJsonObject(0);
        assertThat(release.getString("version")).isEqualTo("2.9.0");
        assertThat(release.getInt("sessions")).isEqualTo(20);
        assertThat(release.getInt("crashed")).isEqualTo(1);
        assertThat(release.getInt("abnormal")).isEqualTo(1);
        assertThat(release.getInt("errored")).isEqualTo(2);
        assertThat(release.getJsonNumber("crashFreeSessions").doubleValue()).isCloseTo(95.0, within(1e-9));
        assertThat(release.getInt("users")).isEqualTo(10);
        assertThat(release.getInt("crashedUsers")).isEqualTo(1);
        assertThat(release.getJsonNumber("crashFreeUsers").doubleValue()).isCloseTo(90.0, within(1e-9));
        assertThat(release.getInt("syncs")).isEqualTo(100);
        assertThat(release.getJsonNumber("syncLagP50").doubleValue()).isCloseTo(50_500.0, within(1e-6));
        assertThat(release.getJsonNumber("syncLagP90").doubleValue()).isCloseTo(111_000.0, within(1e-6));
        assertThat(release.getJsonNumber("syncLagP99").doubleValue()).isCloseTo(300_000.0, within(1e-6));
        assertThat(release.getJsonNumber("freshSyncs").doubleValue()).isCloseTo(90.0, within(1e-9));
        JsonObject late = versions.getJsonObject(1);
        assertThat(late.getInt("sessions")).isEqualTo(1);
        assertThat(late.getJsonNumber("crashFreeSessions").doubleValue()).isZero();
        assertThat(late.containsKey("syncLagP50")).isFalse();

        JsonArray session = http.get("api/v1/telemetry/events?app=" + app.id() + "&session=s0&from=" + base.minusSeconds(60)
                + "&to=" + base.plusSeconds(3600), personas.member()).jsonValue().asJsonArray();
        assertThat(session.stream().map(e -> e.asJsonObject().getString("id")).toList())
                .containsExactly("end-0", "end-again-0", "start-0");
    }

    @Test
    void anAppReadsNothingOfAnotherAppsTelemetry() {
        Personas.App alpha = app("alpha");
        Personas.App beta = app("beta");
        assertThat(send(alpha.auth(), "1.0.0", List.of(event("only-alpha", "upload.failed", base, 1,
                ", \"sessionId\": \"alpha-session\"")))).extracting(Reply::status).isEqualTo(202);
        String range = "&from=" + base.minusSeconds(60) + "&to=" + base.plusSeconds(60);
        for (String path : List.of("telemetry/series?signal=upload.failed&app=" + alpha.id(), "releases?app=" + alpha.id(),
                "telemetry/events?app=" + alpha.id())) {
            Reply reply = http.get("api/v1/" + path + range, beta.auth());
            assertThat(reply.code()).as(path).isEqualTo("not_found");
            assertThat(reply.body()).as(path).contains("App not found");
            assertThat(reply.status()).as(path).isEqualTo(404);
            assertThat(reply.body()).doesNotContain("only-alpha");
        }
        assertThat(http.get("api/v1/telemetry/events?" + range, beta.auth()).jsonValue().asJsonArray()).isEmpty();
        assertThat(sum(series(beta.auth(), beta.id(), "upload.failed", "step=hour"))).isZero();
        assertThat(http.get("api/v1/telemetry/events?app=" + alpha.id() + range, personas.member()).body())
                .contains("only-alpha");
        assertThat(http.get("api/v1/telemetry/events?" + range, alpha.auth()).body()).contains("only-alpha");
        assertThat(http.get("api/v1/telemetry/aliases", beta.auth()).status()).isEqualTo(403);
    }

    private record Mutation(String name, String contentType, Function<Random, String> body) {
    }

    private List<Mutation> mutations() {
        String ok = event("x", "upload.failed", base, 1, "");
        return List.of(
                new Mutation("truncated", "application/json", r -> "{\"appVersion\": \"1\", \"events\": [" + ok.substring(0, 10)),
                new Mutation("not an object", "application/json", r -> "[" + ok + "]"),
                new Mutation("no events", "application/json", r -> "{\"appVersion\": \"1\"}"),
                new Mutation("empty events", "application/json", r -> "{\"appVersion\": \"1\", \"events\": []}"),
                new Mutation("too many", "application/json", r -> "{\"appVersion\": \"1\", \"events\": ["
                        + String.join(",", java.util.Collections.nCopies(1001, "{}")) + "]}"),
                new Mutation("no version", "application/json", r -> "{\"events\": [" + ok + "]}"),
                new Mutation("bad version", "application/json", r -> "{\"appVersion\": \"1 ' or 1=1\", \"events\": [" + ok + "]}"),
                new Mutation("no id", "application/json", r -> "{\"appVersion\": \"1\", \"events\": [{\"type\": \"a\", \"at\": \""
                        + base + "\"}]}"),
                new Mutation("bad id", "application/json", r -> "{\"appVersion\": \"1\", \"events\": [" + ok.replace("\"x\"",
                        "\"a b " + r.nextInt() + "\"") + "]}"),
                new Mutation("bad type", "application/json", r -> "{\"appVersion\": \"1\", \"events\": [" + ok.replace(
                        "upload.failed", "up load") + "]}"),
                new Mutation("bad time", "application/json", r -> "{\"appVersion\": \"1\", \"events\": [" + ok.replace(
                        base.toString(), "yesterday") + "]}"),
                new Mutation("far future", "application/json", r -> "{\"appVersion\": \"1\", \"events\": [" + ok.replace(
                        base.toString(), base.plus(2, ChronoUnit.DAYS).toString()) + "]}"),
                new Mutation("ancient", "application/json", r -> "{\"appVersion\": \"1\", \"events\": [" + ok.replace(
                        base.toString(), "2001-01-01T00:00:00Z") + "]}"),
                new Mutation("negative value", "application/json", r -> "{\"appVersion\": \"1\", \"events\": [" + ok.replace(
                        "\"value\": 1", "\"value\": -" + (1 + r.nextInt(9))) + "]}"),
                new Mutation("huge value", "application/json", r -> "{\"appVersion\": \"1\", \"events\": [" + ok.replace(
                        "\"value\": 1", "\"value\": 1" + "0".repeat(30)) + "]}"),
                new Mutation("fraction", "application/json", r -> "{\"appVersion\": \"1\", \"events\": [" + ok.replace(
                        "\"value\": 1", "\"value\": 1.5") + "]}"),
                new Mutation("end without status", "application/json", r -> "{\"appVersion\": \"1\", \"sessionId\": \"s\","
                        + " \"events\": [" + ok.replace("upload.failed", "session.end") + "]}"),
                new Mutation("start without session", "application/json", r -> "{\"appVersion\": \"1\", \"events\": ["
                        + ok.replace("upload.failed", "session.start") + "]}"),
                new Mutation("unknown field", "application/json", r -> "{\"appVersion\": \"1\", \"events\": [" + ok.replace(
                        "}", ", \"extra\": 1}") + "]}"),
                new Mutation("nested attributes", "application/json", r -> "{\"appVersion\": \"1\", \"events\": [" + ok.replace(
                        "}", ", \"attributes\": {\"a\": {\"b\": 1}}}") + "]}"),
                new Mutation("NUL attribute", "application/json", r -> "{\"appVersion\": \"1\", \"events\": [" + ok.replace(
                        "}", ", \"attributes\": {\"a\": \"\\u0000\"}}") + "]}"),
                new Mutation("depth bomb", "application/json", r -> "{\"a\":".repeat(60) + "1" + "}".repeat(60)),
                new Mutation("text", "text/plain", r -> "{\"appVersion\": \"1\", \"events\": [" + ok + "]}"));
    }

    @Test
    void aThousandMalformedBatchesAreRefusedWithACodeAndStoreNothing() {
        Personas.App app = app("fuzz");
        List<Mutation> mutations = mutations();
        Random random = new Random(20261201);
        Map<String, Map<Integer, Integer>> outcomes = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            Mutation mutation = mutations.get(i % mutations.size());
            Reply reply = http.send("POST", "api/v1/telemetry", app.auth(), mutation.contentType(),
                    HttpRequest.BodyPublishers.ofString(mutation.body().apply(random)));
            outcomes.computeIfAbsent(mutation.name(), m -> new TreeMap<>()).merge(reply.status(), 1, Integer::sum);
            boolean ok = reply.status() >= 400 && reply.status() < 500 && reply.status() != 429
                    && reply.header("X-Vigil-Error-Code").isPresent();
            if (!ok && wrong.size() < 20) {
                wrong.add(mutation.name() + " -> " + reply);
            }
        }
        System.out.println("[vigil-test] malformed telemetry batches: " + outcomes);
        assertThat(wrong).as("answers that were not a 4xx with a code").isEmpty();
        String range = "&from=" + base.minus(6, ChronoUnit.DAYS) + "&to=" + base.plusSeconds(3600);
        assertThat(http.get("api/v1/telemetry/events?limit=500" + range, app.auth()).jsonValue().asJsonArray()).isEmpty();
        assertThat(sum(series(app.auth(), app.id(), "upload.failed", "step=hour"))).isZero();
        assertThat(http.get("api/v1/releases?" + range.substring(1), app.auth()).json()
                .getJsonArray("versions")).isEmpty();
        assertThat(send(app.auth(), "1.0.0", List.of(event("fine", "upload.failed", base, 1, ""))).status()).isEqualTo(202);
    }
}
