package dev.vigil.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.BlackBox;
import dev.vigil.testing.Http;
import dev.vigil.testing.Http.Auth;
import dev.vigil.testing.Http.Reply;
import dev.vigil.testing.Personas;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Reads {@code /openapi} and calls every operation as five callers: none, a bad key, an app, a
 * member and an admin. Admin endpoints must answer 401/401/403/403/2xx; other endpoints follow the
 * security schemes they declare. It grows with every endpoint: a new path parameter needs a
 * fixture below, a new request body needs an OpenAPI example.
 */
@ExtendWith(BlackBox.class)
class AccessMatrixIT {

    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    private static final Set<String> NEEDS_APP = Set.of("/api/v1/telemetry/series", "/api/v1/telemetry/events",
            "/api/v1/releases");
    private static final int BAD_KEY_HOST = 1 + new java.util.Random().nextInt(250);
    /** Bad-key calls so far: each address takes 90 of them, under the auth-failures wall (100 an hour). */
    private int badKeyCalls;

    private final Http http = BlackBox.http();
    private final Personas personas = BlackBox.personas();

    private record Operation(String method, String path, Set<String> schemes, String body) {

        boolean admin() {
            return path.startsWith("/api/v1/admin");
        }
    }

    @Test
    void everyOperationAdmitsExactlyItsCallers() {
        Personas.App matrixApp = Personas.app(http, personas.admin(), "matrix-" + java.util.UUID.randomUUID());
        String spareKey = http.post("api/v1/admin/apps/" + matrixApp.id() + "/keys", personas.admin()).json()
                .getString("keyId");
        // A report of alpha (the app caller below): alpha, members and admins may read it and its group.
        JsonObject report = http.postJson("api/v1/issues", personas.alpha().auth(),
                "{\"summary\": \"access matrix fixture\"}").json();
        String source = "matrix-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        assertThat(http.postJson("api/v1/admin/webhook-sources", personas.admin(), "{\"name\": \"" + source
                + "\", \"scheme\": \"github\", \"secret\": \"matrix-secret-0123456789\"}").status()).isEqualTo(201);
        // Two dead queue jobs (a drill posting to an endpoint that refuses POST): one an admin discards,
        // one an admin retries; any job for the reads.
        String drill = http.postJson("api/v1/admin/queue/drills", personas.admin(), "{\"jobs\": 2, \"target\": \""
                + http.base().resolve("/api/v1/me") + "\"}").json().getString("drill");
        List<String> dead = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> http.get("api/v1/admin/queue/jobs?state=dead&partition=" + drill, personas.admin())
                        .jsonValue().asJsonArray().stream().map(j -> j.asJsonObject().getString("id")).toList(),
                        ids -> ids.size() == 2);
        Map<String, String> fixtures = new java.util.HashMap<>(Map.of("id", matrixApp.id(), "keyId", spareKey,
                "job", "ops-cleanup", "reportId", report.getString("id"), "groupId", report.getString("group"),
                "name", source, "source", source, "drill", drill, "jobId", dead.get(1)));
        fixtures.put("delete jobId", dead.get(0));
        fixtures.put("post jobId", dead.get(1));
        // An alert to read and acknowledge, two channels (one an admin deletes) and a test notification.
        fixtures.put("alertId", http.postJson("api/v1/alerts", personas.admin(), "{\"name\": \"MatrixFixture\","
                + " \"severity\": \"info\", \"labels\": {\"run\": \"" + source + "\"}}").json().getString("id"));
        for (String which : List.of("channelId", "delete channelId")) {
            fixtures.put(which, http.postJson("api/v1/admin/alerting/channels", personas.admin(), "{\"name\": \""
                    + source + "-" + which.length() + "\", \"type\": \"webhook\", \"url\": \"http://127.0.0.1:9/hook\"}")
                    .json().getJsonObject("channel").getString("id"));
        }
        fixtures.put("silenceId", http.postJson("api/v1/admin/alerting/silences", personas.admin(), "{\"matchers\":"
                + " [\"run=\\\"" + source + "\\\"\"], \"duration\": \"1h\", \"comment\": \"matrix\"}").json().getString("id"));
        fixtures.put("windowId", http.postJson("api/v1/admin/alerting/windows", personas.admin(), "{\"name\": \"matrix\","
                + " \"matchers\": [\"run=x\"], \"zone\": \"UTC\", \"cron\": \"0 3 * * *\", \"duration\": \"1h\"}")
                .json().getString("id"));
        fixtures.put("inhibitionId", http.postJson("api/v1/admin/alerting/inhibitions", personas.admin(),
                "{\"sourceMatchers\": [\"run=x\"], \"targetMatchers\": [\"run=y\"]}").json().getString("id"));
        // Job checks of the app the matrix calls as (alpha): one to read and change, one each verb deletes.
        for (String which : List.of("checkId", "delete checkId", "uuid", "delete uuid")) {
            fixtures.put(which, alphaCheck(which));
        }
        // SLOs: alpha's events SLO (alpha pushes to it; admins read, change and backtest it), one an admin deletes.
        for (String which : List.of("slo", "delete slo")) {
            String slo = "matrix-" + which.length() + "-" + source;
            http.postJson("api/v1/admin/slos", personas.admin(), "{\"name\": \"" + slo + "\", \"app\": \""
                    + personas.alpha().id() + "\", \"sli\": {\"kind\": \"events\"}, \"objective\": 99.5}");
            fixtures.put(which, slo);
        }
        // Upload kinds: one to read and replace (the example's upload meets it), one an admin deletes; an
        // upload of alpha's to read.
        for (String kind : List.of(source, source + "-gone")) {
            assertThat(http.send("PUT", "api/v1/admin/upload-kinds/" + kind, personas.admin(), "application/json",
                    HttpRequest.BodyPublishers.ofString("{\"schema\": {\"type\": \"object\"}}")).status()).isEqualTo(201);
        }
        fixtures.put("delete name", source + "-gone");
        // A rollback trigger to replace and one to delete; an alias to replace and one to delete.
        for (String trigger : List.of(source, source + "-gone")) {
            assertThat(http.send("PUT", "api/v1/admin/rollback-triggers/" + trigger, personas.admin(), "application/json",
                    HttpRequest.BodyPublishers.ofString("{\"expression\": \"total(\\\"x\\\") > 0\", \"enabled\": false}"))
                    .status()).isEqualTo(201);
        }
        for (String alias : List.of("matrix_alias", "matrix_gone")) {
            http.send("PUT", "api/v1/admin/telemetry/aliases/" + alias + "_" + source.substring(7), personas.admin(),
                    "application/json", HttpRequest.BodyPublishers.ofString("{\"sources\": [\"x.y\"]}"));
        }
        fixtures.put("alias", "matrix_alias_" + source.substring(7));
        fixtures.put("delete alias", "matrix_gone_" + source.substring(7));
        fixtures.put("kind", source);
        fixtures.put("uploadId", http.send("POST", "api/v1/uploads/" + source, personas.alpha().auth(), "application/json",
                HttpRequest.BodyPublishers.ofString("{}"), Map.of("Idempotency-Key", source)).json().getString("id"));
        fixtures.put("notificationId", http.post("api/v1/admin/alerting/channels/" + fixtures.get("channelId") + "/test",
                personas.admin()).json().getString("notification"));

        List<Operation> operations = operations();
        assertThat(operations).hasSizeGreaterThanOrEqualTo(7);
        Map<String, Auth> callers = new LinkedHashMap<>();
        callers.put("none", Auth.NONE);
        callers.put("bad key", Auth.bearer("vgl_aaaaaaaaaaaa_" + "A".repeat(43)));
        callers.put("app", personas.alpha().auth());
        callers.put("member", personas.member());
        callers.put("admin", personas.admin());

        SoftAssertions soft = new SoftAssertions();
        for (Operation op : operations) {
            String path = fill(op.method(), op.path(), fixtures);
            for (var caller : callers.entrySet()) {
                Reply reply = call(op, path, caller.getValue(), caller.getKey());
                int expected = expected(op, caller.getKey());
                String what = op.method().toUpperCase() + " " + op.path() + " as " + caller.getKey() + ": " + reply;
                if (expected == 200) {
                    soft.assertThat(reply.status()).as(what).isBetween(200, 299);
                } else {
                    soft.assertThat(reply.status()).as(what).isEqualTo(expected);
                    soft.assertThat(reply.header("X-Vigil-Error-Code")).as(what).isPresent();
                }
            }
        }
        soft.assertAll();
        System.out.println("[vigil-test] access matrix: " + operations.size() + " operations x " + callers.size()
                + " callers");
    }

    @Test
    void noAppSeesAnotherAppsRows() {
        Personas.App alpha = personas.alpha();
        JsonObject report = http.postJson("api/v1/issues", alpha.auth(), "{\"summary\": \"alpha only\"}").json();
        String kind = "rows-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        assertThat(http.send("PUT", "api/v1/admin/upload-kinds/" + kind, personas.admin(), "application/json",
                HttpRequest.BodyPublishers.ofString("{\"schema\": true}")).status()).isEqualTo(201);
        String upload = http.send("POST", "api/v1/uploads/" + kind, alpha.auth(), "application/json",
                HttpRequest.BodyPublishers.ofString("{\"of\": \"alpha\"}"), Map.of("Idempotency-Key", kind)).json()
                .getString("id");
        Map<String, String> alphasRows = Map.of("id", alpha.id(), "keyId", alpha.keyId(),
                "reportId", report.getString("id"), "groupId", report.getString("group"), "uuid", alphaCheck("rows"),
                "kind", kind, "uploadId", upload);
        for (Operation op : operations()) {
            if (!op.method().equals("get") || !op.schemes().contains("appKey")) {
                continue;
            }
            Reply reply = http.get(fill(op.method(), op.path(), alphasRows).substring(1), personas.beta().auth());
            assertThat(reply.body()).as("GET " + op.path() + " as beta").doesNotContain(alpha.id());
            if (PARAMETER.matcher(op.path()).find()) {
                assertThat(reply.status()).as("GET " + op.path() + " as beta").isIn(403, 404);
            }
        }
        assertThat(http.get("api/v1/me", personas.beta().auth()).json().getString("appId"))
                .isEqualTo(personas.beta().id());
    }

    /** A job check of the app alpha, made by an admin. */
    private String alphaCheck(String name) {
        return http.postJson("api/v1/admin/checks", personas.admin(), "{\"app\": \"" + personas.alpha().id()
                + "\", \"name\": \"matrix " + name + "\"}").json().getString("uuid");
    }

    private int expected(Operation op, String caller) {
        if (op.schemes().contains("webhookSignature")) {
            // Only a provider's signature admits; no credential of Vigil's does (a bad key still fails first).
            return caller.equals("bad key") ? 401 : 403;
        }
        if (op.method().equals("post") && op.path().equals("/api/v1/session")) {
            // A login: the body's credentials decide, whoever calls (the example's user does not exist).
            return 401;
        }
        boolean publicOp = op.schemes().isEmpty() && !op.admin();
        return switch (caller) {
            case "none" -> publicOp ? 200 : 401;
            case "bad key" -> 401;
            case "app" -> publicOp || (!op.admin() && op.schemes().contains("appKey")) ? 200 : 403;
            case "member" -> publicOp || (!op.admin() && op.schemes().contains("userLogin")) ? 200 : 403;
            case "admin" -> op.admin() || publicOp || op.schemes().contains("userLogin")
                    || op.schemes().contains("adminLogin") ? 200 : 403;
            default -> throw new IllegalArgumentException(caller);
        };
    }

    private Reply call(Operation op, String path, Auth auth, String caller) {
        HttpRequest.BodyPublisher body = op.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(uniquify(op.body()));
        // The bad key fails authentication once per operation: from an address of its own, so the failures
        // lock out that address (auth-failures, 100 an hour), not the loopback every other test calls from.
        Map<String, String> headers = new java.util.HashMap<>();
        if (caller.equals("bad key")) {
            // A new address and key id every 90 calls: the wall counts failures per address and per key id.
            int round = badKeyCalls++ / 90;
            headers.put("X-Forwarded-For", "198.51." + (100 + round) + "." + BAD_KEY_HOST);
            auth = Auth.bearer("vgl_aaaaaaaaaaa" + (char) ('a' + round) + "_" + "A".repeat(43));
        }
        if (op.method().equals("post") && op.path().startsWith("/api/v1/uploads/")) {
            headers.put("Idempotency-Key", java.util.UUID.randomUUID().toString()); // uploads require one
        }
        // Reads that need a query: the app and signal they are about (alpha's, which the app caller is).
        String query = op.method().equals("get") && NEEDS_APP.contains(op.path())
                ? "?signal=upload.failed&app=" + BlackBox.personas().alpha().id() : "";
        return http.send(op.method().toUpperCase(), path.substring(1) + query, auth,
                op.body() == null ? null : "application/json", body, headers);
    }

    /** Examples name things that must be unique (app names, usernames); keep each call's apart. */
    private static String uniquify(String example) {
        String suffix = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        return example.replace("\"checkout-ios\"", "\"checkout-ios-" + suffix + "\"")
                .replace("\"ops-webhook\", \"type\"", "\"ops-webhook-" + suffix + "\", \"type\"")
                .replace("\"carol\"", "\"carol-" + suffix + "\"")
                .replace("\"github-ci\"", "\"github-ci-" + suffix + "\"")
                .replace("\"reports-availability\"", "\"reports-availability-" + suffix + "\"")
                // Pushed SLO events must be minutes of the SLO's period, not the example's fixed day.
                .replace("2026-12-01T10:00:00Z", recentMinute(2))
                .replace("2026-12-01T10:01:00Z", recentMinute(1));
    }

    private static String recentMinute(int minutesAgo) {
        return java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
                .minus(java.time.Duration.ofMinutes(minutesAgo)).toString();
    }

    /** Fills each {parameter} from the fixtures: {@code "<method> <parameter>"} first, then {@code "<parameter>"}. */
    private static String fill(String method, String path, Map<String, String> fixtures) {
        Matcher m = PARAMETER.matcher(path);
        StringBuilder filled = new StringBuilder();
        while (m.find()) {
            String value = fixtures.getOrDefault(method + " " + m.group(1), fixtures.get(m.group(1)));
            if (value == null) {
                throw new AssertionError("No fixture for path parameter {" + m.group(1) + "} of " + path
                        + "; add one to AccessMatrixIT");
            }
            m.appendReplacement(filled, value);
        }
        return m.appendTail(filled).toString();
    }

    /** All operations, deletes first so a revoked spare key frees room for the key the POST issues. */
    private List<Operation> operations() {
        JsonObject document = http.get("openapi?format=JSON", Auth.NONE).json();
        List<Operation> operations = new ArrayList<>();
        for (var path : document.getJsonObject("paths").entrySet()) {
            for (var method : path.getValue().asJsonObject().entrySet()) {
                if (!METHODS.contains(method.getKey())) {
                    continue;
                }
                JsonObject op = method.getValue().asJsonObject();
                operations.add(new Operation(method.getKey(), path.getKey(), schemes(op), example(op, path.getKey())));
            }
        }
        operations.sort(Comparator.comparing((Operation o) -> !o.method().equals("delete"))
                .thenComparing(Operation::path));
        return operations;
    }

    private static Set<String> schemes(JsonObject op) {
        if (!op.containsKey("security")) {
            return Set.of();
        }
        return op.getJsonArray("security").stream().flatMap(r -> r.asJsonObject().keySet().stream())
                .collect(Collectors.toSet());
    }

    private static String example(JsonObject op, String path) {
        if (!op.containsKey("requestBody")) {
            return null;
        }
        JsonObject content = op.getJsonObject("requestBody").getJsonObject("content");
        JsonObject json = content.getJsonObject("application/json");
        if (json == null || !json.containsKey("examples")) {
            throw new AssertionError(path + " takes a body but its OpenAPI description has no example");
        }
        JsonValue value = json.getJsonObject("examples").values().iterator().next().asJsonObject().get("value");
        return value instanceof JsonString s ? s.getString() : value.toString();
    }
}
