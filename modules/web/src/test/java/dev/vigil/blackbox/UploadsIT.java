package dev.vigil.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.BlackBox;
import dev.vigil.testing.Http;
import dev.vigil.testing.Http.Auth;
import dev.vigil.testing.Http.Reply;
import dev.vigil.testing.Personas;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Uploads of admin-registered kinds: one effect per Idempotency-Key under 50 concurrent copies,
 * schema violations answered 422 and recorded, every refusal in the failed-upload log and its
 * NDJSON export, apps kept to their own rows, 1,000 malformed uploads refused with a code.
 */
@ExtendWith(BlackBox.class)
class UploadsIT {

    private static final String SCHEMA = "{\"type\": \"object\", \"required\": [\"runId\", \"steps\"],"
            + " \"properties\": {\"runId\": {\"type\": \"string\", \"maxLength\": 64},"
            + " \"steps\": {\"type\": \"integer\", \"minimum\": 0}}, \"additionalProperties\": false}";

    private final Http http = BlackBox.http();
    private final Personas personas = BlackBox.personas();

    private String kind(int maxBytes) {
        String name = "run-" + UUID.randomUUID().toString().substring(0, 8);
        Reply created = http.send("PUT", "api/v1/admin/upload-kinds/" + name, personas.admin(), "application/json",
                HttpRequest.BodyPublishers.ofString("{\"description\": \"test runs\", \"maxBytes\": " + maxBytes
                        + ", \"schema\": " + SCHEMA + "}"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return name;
    }

    private Reply upload(Auth app, String kind, String key, String contentType, String body) {
        return http.send("POST", "api/v1/uploads/" + kind, app, contentType, HttpRequest.BodyPublishers.ofString(body),
                key == null ? Map.of() : Map.of("Idempotency-Key", key));
    }

    private Reply upload(Auth app, String kind, String body) {
        return upload(app, kind, UUID.randomUUID().toString(), "application/json", body);
    }

    private JsonArray failed(Auth who, String query) {
        Reply reply = http.get("api/v1/failed-uploads?limit=100&" + query, who);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.jsonValue().asJsonArray();
    }

    private JsonArray uploads(Auth who, String query) {
        Reply reply = http.get("api/v1/uploads?limit=100&" + query, who);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.jsonValue().asJsonArray();
    }

    @Test
    void fiftyConcurrentUploadsWithOneKeyStoreOne() throws Exception {
        String kind = kind(4096);
        String key = UUID.randomUUID().toString();
        String body = "{\"runId\": \"r-" + key.substring(0, 8) + "\", \"steps\": 3}";
        ExecutorService threads = Executors.newFixedThreadPool(50);
        List<Callable<Reply>> copies = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            copies.add(() -> upload(personas.alpha().auth(), kind, key, "application/json", body));
        }
        List<Reply> replies = new ArrayList<>();
        for (Future<Reply> reply : threads.invokeAll(copies)) {
            replies.add(reply.get());
        }
        threads.shutdown();

        assertThat(replies).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(201, 409));
        List<Reply> originals = replies.stream()
                .filter(r -> r.status() == 201 && r.header("Idempotent-Replayed").isEmpty()).toList();
        assertThat(originals).hasSize(1);
        String id = originals.get(0).json().getString("id");
        assertThat(replies).filteredOn(r -> r.status() == 201)
                .allSatisfy(r -> assertThat(r.json().getString("id")).isEqualTo(id));
        JsonArray stored = uploads(personas.admin(), "kind=" + kind);
        assertThat(stored).hasSize(1);
        assertThat(stored.getJsonObject(0).getString("id")).isEqualTo(id);

        Reply one = http.get("api/v1/uploads/" + kind + "/" + id, personas.alpha().auth());
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().getJsonObject("body").getInt("steps")).isEqualTo(3);
        Reply again = upload(personas.alpha().auth(), kind, key, "application/json", body);
        assertThat(again.header("Idempotent-Replayed")).contains("true");
        assertThat(again.json().getString("id")).isEqualTo(id);
        assertThat(failed(personas.admin(), "kind=" + kind)).isEmpty();
        assertThat(http.get("metrics", Auth.NONE).body())
                .contains("vigil_uploads_total{kind=\"" + kind + "\",mp_scope=\"application\",outcome=\"stored\",} 1.0")
                .contains("vigil_uploads_total{kind=\"" + kind + "\",mp_scope=\"application\",outcome=\"replayed\",}");
    }

    @Test
    void aSchemaViolationIs422AndIsRecordedWithItsReason() {
        String kind = kind(4096);
        Reply refused = http.send("POST", "api/v1/uploads/" + kind, personas.alpha().auth(), "application/json",
                HttpRequest.BodyPublishers.ofString("{\"runId\": 7, \"extra\": true}"),
                Map.of("Idempotency-Key", UUID.randomUUID().toString(), "X-Request-Id", "device-req-1"));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.code()).isEqualTo("invalid_request");
        JsonArray errors = refused.json().getJsonArray("errors");
        assertThat(errors.stream().map(e -> e.asJsonObject().getString("field") + " " + e.asJsonObject()
                .getString("message")).toList()).anySatisfy(e -> assertThat(e).contains("runId"))
                .anySatisfy(e -> assertThat(e).contains("steps")).anySatisfy(e -> assertThat(e).contains("extra"));
        assertThat(refused.header("X-Request-Id")).contains("device-req-1");

        JsonArray rows = failed(personas.member(), "kind=" + kind);
        assertThat(rows).hasSize(1);
        JsonObject row = rows.getJsonObject(0);
        assertThat(row.getString("appId")).isEqualTo(personas.alpha().id());
        assertThat(row.getString("reason")).isEqualTo("invalid_request");
        assertThat(row.getInt("status")).isEqualTo(422);
        assertThat(row.getString("requestId")).isEqualTo("device-req-1");
        assertThat(row.getString("detail")).contains("schema").contains("runId").contains("extra");
        assertThat(uploads(personas.admin(), "kind=" + kind)).isEmpty();
    }

    @Test
    void everyRefusalIsRecordedAndTheDayIsExportedAsNdjson() {
        String kind = kind(64);
        Personas.App app = Personas.app(http, personas.admin(), "uploads-refused-" + UUID.randomUUID());
        String valid = "{\"runId\": \"r\", \"steps\": 1}";
        assertThat(upload(app.auth(), "no-such-kind", valid).status()).isEqualTo(404);
        assertThat(upload(app.auth(), kind, "{\"runId\": \"" + "x".repeat(80) + "\", \"steps\": 1}").status())
                .isEqualTo(413);
        assertThat(upload(app.auth(), kind, null, "application/json", valid).code()).isEqualTo("idempotency_key_missing");
        assertThat(upload(app.auth(), kind, "{\"runId\": ").code()).isEqualTo("invalid_json");
        assertThat(upload(app.auth(), kind, UUID.randomUUID().toString(), "text/plain", valid).status()).isEqualTo(415);
        assertThat(upload(app.auth(), kind, valid).status()).isEqualTo(201);

        JsonArray rows = failed(personas.admin(), "app=" + app.id());
        assertThat(rows.stream().map(r -> r.asJsonObject().getString("kind") + ":" + r.asJsonObject().getString("reason"))
                .toList()).containsExactlyInAnyOrder("unknown:not_found", kind + ":payload_too_large",
                kind + ":idempotency_key_missing", kind + ":invalid_json", kind + ":unsupported_media_type");
        assertThat(failed(personas.admin(), "app=" + app.id() + "&reason=invalid_json")).hasSize(1);
        // An app cannot add kinds to the log: the name it used is in the detail.
        assertThat(failed(personas.admin(), "app=" + app.id() + "&reason=not_found").getJsonObject(0).getString("detail"))
                .contains("no-such-kind");

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        Reply export = http.get("api/v1/failed-uploads/export?date=" + today + "&app=" + app.id(), personas.member());
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.header("Content-Type").orElseThrow()).startsWith("application/x-ndjson");
        List<JsonObject> lines = export.body().lines().map(l -> Json.createReader(new StringReader(l)).readObject())
                .toList();
        assertThat(lines).hasSize(5);
        assertThat(lines).allSatisfy(l -> assertThat(l.getString("appId")).isEqualTo(app.id()));
        assertThat(lines.stream().map(l -> l.getString("id")).toList())
                .isSorted().containsExactlyInAnyOrderElementsOf(rows.stream().map(r -> r.asJsonObject().getString("id")).toList());
        assertThat(http.get("api/v1/failed-uploads/export?date=2001-01-01&app=" + app.id(), personas.member()).body())
                .isEmpty();

        JsonArray daily = http.get("api/v1/failed-uploads/daily?date=" + today, personas.member()).jsonValue().asJsonArray();
        assertThat(daily.stream().map(JsonObject.class::cast).filter(d -> d.getString("appId").equals(app.id()))
                .map(d -> d.getString("kind") + "=" + d.getJsonNumber("stored") + "/" + d.getJsonNumber("failed")).toList())
                .containsExactlyInAnyOrder("unknown=0/1", kind + "=1/4");
    }

    @Test
    void anAppReadsNothingOfAnotherAppsUploads() {
        String kind = kind(4096);
        String id = upload(personas.alpha().auth(), kind, "{\"runId\": \"a\", \"steps\": 1}").json().getString("id");
        upload(personas.alpha().auth(), kind, "{\"runId\": 1}");
        Auth beta = personas.beta().auth();
        assertThat(http.get("api/v1/uploads/" + kind + "/" + id, beta).status()).isEqualTo(404);
        assertThat(uploads(beta, "kind=" + kind)).isEmpty();
        assertThat(uploads(beta, "kind=" + kind + "&app=" + personas.alpha().id())).isEmpty();
        assertThat(failed(beta, "kind=" + kind)).isEmpty();
        assertThat(uploads(personas.alpha().auth(), "kind=" + kind)).hasSize(1);
        assertThat(failed(personas.alpha().auth(), "kind=" + kind)).hasSize(1);
        assertThat(http.get("api/v1/failed-uploads/export", beta).status()).isEqualTo(403);
        assertThat(http.get("api/v1/admin/upload-kinds", beta).status()).isEqualTo(403);
        assertThat(http.get("api/v1/admin/upload-kinds", personas.member()).status()).isEqualTo(403);
    }

    @Test
    void aKindRefusesSchemasThatReachOutside() {
        for (String schema : List.of("{\"$ref\": \"http://127.0.0.1:9/evil.json\"}",
                "{\"properties\": {\"a\": {\"$ref\": \"classpath:/server.xml\"}}}",
                "{\"$id\": \"http://example.com/s\", \"type\": \"object\"}",
                "{\"properties\": {\"a\": {\"\\u0024ref\": \"file:///etc/passwd\"}}}",
                "{\"$schema\": \"http://127.0.0.1:9/meta\"}", "{\"type\": \"no-such-type\"}", "[1]")) {
            Reply reply = http.send("PUT", "api/v1/admin/upload-kinds/bad-" + UUID.randomUUID().toString().substring(0, 6),
                    personas.admin(), "application/json",
                    HttpRequest.BodyPublishers.ofString("{\"schema\": " + schema + "}"));
            assertThat(reply.status()).as(schema + " -> " + reply).isEqualTo(400);
            assertThat(reply.code()).isEqualTo("invalid_request");
        }
    }

    @Test
    void aCostlyUploadIsRefusedInsteadOfCheckedForever() {
        String name = "regex-" + UUID.randomUUID().toString().substring(0, 8);
        Reply created = http.send("PUT", "api/v1/admin/upload-kinds/" + name, personas.admin(), "application/json",
                HttpRequest.BodyPublishers.ofString("{\"maxBytes\": 300000, \"schema\": {\"properties\": {\"s\":"
                        + " {\"type\": \"string\", \"pattern\": \"(a|aa)*?c\"}}}}"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        // A reluctant loop over a long run of a's backtracks exponentially in the JDK's engine.
        Reply hostile = upload(personas.alpha().auth(), name, "{\"s\": \"" + "a".repeat(60) + "\"}");
        assertThat(hostile.status()).as(hostile.toString()).isEqualTo(422);
        assertThat(hostile.body()).contains("too costly");
        Reply deep = upload(personas.alpha().auth(), name, "{\"s\": \"" + "a".repeat(200_000) + "\"}");
        assertThat(deep.status()).as(deep.toString()).isIn(201, 422);
        Reply repeated = upload(personas.alpha().auth(), name, "{\"s\": \"a\", \"s\": \"b\"}");
        assertThat(repeated.code()).isEqualTo("invalid_json");
        assertThat(upload(personas.alpha().auth(), name, "{\"s\": \"aac\"}").status()).isEqualTo(201);
    }

    /** One kind of bad upload, given a random source. */
    private record Mutation(String name, String contentType, boolean withKey, Function<Random, String> body) {
    }

    private static List<Mutation> mutations() {
        return List.of(
                new Mutation("truncated", "application/json", true, r -> "{\"runId\": \"r\", \"st".substring(0, 1 + r.nextInt(15))),
                new Mutation("garbage", "application/json", true, r -> Long.toHexString(r.nextLong()) + "{]"),
                new Mutation("empty", "application/json", true, r -> ""),
                new Mutation("array", "application/json", true, r -> "[{\"runId\": \"r\", \"steps\": 1}]"),
                new Mutation("missing field", "application/json", true, r -> "{\"runId\": \"r" + r.nextInt() + "\"}"),
                new Mutation("wrong type", "application/json", true, r -> "{\"runId\": " + r.nextInt() + ", \"steps\": 1}"),
                new Mutation("negative", "application/json", true, r -> "{\"runId\": \"r\", \"steps\": " + (-1 - r.nextInt(9)) + "}"),
                new Mutation("extra field", "application/json", true, r -> "{\"runId\": \"r\", \"steps\": 1, \"x" + r.nextInt() + "\": 1}"),
                new Mutation("too long", "application/json", true, r -> "{\"runId\": \"" + "r".repeat(65 + r.nextInt(20)) + "\", \"steps\": 1}"),
                new Mutation("too large", "application/json", true, r -> "{\"runId\": \"r\", \"steps\": 1, \"pad\": \"" + "p".repeat(5000) + "\"}"),
                new Mutation("depth bomb", "application/json", true, r -> "{\"a\":".repeat(50 + r.nextInt(50)) + "1" + "}".repeat(50)),
                new Mutation("NUL", "application/json", true, r -> "{\"runId\": \"\\u0000\", \"steps\": 1}"),
                new Mutation("no key", "application/json", false, r -> "{\"runId\": \"r\", \"steps\": 1}"),
                new Mutation("text", "text/plain", true, r -> "{\"runId\": \"r\", \"steps\": 1}"),
                new Mutation("form", "application/x-www-form-urlencoded", true, r -> "runId=r&steps=" + r.nextInt()));
    }

    @Test
    void aThousandMalformedUploadsAreRefusedWithACodeAndOnlyRecorded() {
        String kind = kind(4096);
        // Four apps keep the run under the per-app limit of the 'uploads' policy (300 a minute).
        List<Personas.App> apps = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            apps.add(Personas.app(http, personas.admin(), "uploads-fuzz-" + i + "-" + UUID.randomUUID()));
        }
        List<Mutation> mutations = mutations();
        Random random = new Random(20261201);
        Map<String, Map<Integer, Integer>> outcomes = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        int recordable = 0;
        for (int i = 0; i < 1_000; i++) {
            Mutation mutation = mutations.get(i % mutations.size());
            Reply reply = upload(apps.get(i % apps.size()).auth(), kind,
                    mutation.withKey() ? UUID.randomUUID().toString() : null, mutation.contentType(),
                    mutation.body().apply(random));
            outcomes.computeIfAbsent(mutation.name(), m -> new TreeMap<>()).merge(reply.status(), 1, Integer::sum);
            boolean ok = reply.status() >= 400 && reply.status() < 500 && reply.header("X-Vigil-Error-Code").isPresent();
            if (!ok && wrong.size() < 20) {
                wrong.add(mutation.name() + " -> " + reply);
            }
            if (reply.status() != 429) {
                recordable++;
            }
        }
        System.out.println("[vigil-test] malformed uploads: " + outcomes);
        assertThat(wrong).as("answers that were not a 4xx with a code").isEmpty();
        assertThat(uploads(personas.admin(), "kind=" + kind)).isEmpty();
        int recorded = 0;
        for (Personas.App app : apps) {
            String before = "";
            while (true) {
                JsonArray page = failed(personas.admin(), "app=" + app.id() + before);
                recorded += page.size();
                if (page.size() < 100) {
                    break;
                }
                before = "&before=" + page.getJsonObject(page.size() - 1).getString("id");
            }
        }
        assertThat(recorded).isEqualTo(recordable).isGreaterThan(900);
        assertThat(upload(apps.get(0).auth(), kind, "{\"runId\": \"r\", \"steps\": 1}").status()).isEqualTo(201);
    }
}
