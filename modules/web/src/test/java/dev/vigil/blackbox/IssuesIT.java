package dev.vigil.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.BlackBox;
import dev.vigil.testing.Http;
import dev.vigil.testing.Http.Auth;
import dev.vigil.testing.Http.Reply;
import dev.vigil.testing.Personas;
import dev.vigil.testing.TestDatabase;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Issue reports end to end: stored redacted, grouped, read back only by their app and by users, triaged, exported. */
@ExtendWith(BlackBox.class)
class IssuesIT {

    private static final String JWT =
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
    private static final List<String> SECRETS = List.of("hunter2-flag", "s3ss10n-cookie-value", "attr-password-42",
            "queue-api-key-77", "ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", JWT, "AKIAIOSFODNN7EXAMPLE");

    private final Http http = BlackBox.http();
    private final Personas personas = BlackBox.personas();

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static String report(String summary, String clientReportId, String eventType) {
        return "{\"summary\": \"" + summary + "\", \"description\": \"steps\""
                + (clientReportId == null ? "" : ", \"clientReportId\": \"" + clientReportId + "\"")
                + ", \"app\": {\"version\": \"2.3.1\", \"build\": \"451\"}"
                + ", \"device\": {\"model\": \"Pixel 8\", \"os\": \"android\", \"osVersion\": \"15\", \"locale\": \"de-DE\"}"
                + ", \"events\": [{\"type\": \"" + eventType + "\", \"at\": \"2026-11-23T10:00:00Z\","
                + " \"attributes\": {\"attempt\": 3}}]}";
    }

    private Reply post(Personas.App app, String body) {
        return http.postJson("api/v1/issues", app.auth(), body);
    }

    @Test
    void anAppReportsAndReadsItBackWithItsEvents() {
        Reply created = post(personas.alpha(), report("Upload stuck " + unique(), null, "upload.retry"));
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().getString("id");
        assertThat(created.json().getString("group")).isNotBlank();

        Reply read = http.get("api/v1/issues/" + id, personas.alpha().auth());
        assertThat(read.status()).isEqualTo(200);
        JsonObject report = read.json();
        assertThat(report.getString("appId")).isEqualTo(personas.alpha().id());
        assertThat(report.getJsonArray("events").getJsonObject(0).getString("type")).isEqualTo("upload.retry");
        assertThat(report.getJsonObject("device").getString("model")).isEqualTo("Pixel 8");
        assertThat(http.get("api/v1/issues/" + id, personas.member()).status()).isEqualTo(200);
        assertThat(http.get("metrics", Auth.NONE).body())
                .containsPattern("vigil_issue_reports_total\\{[^}]*app=\"" + personas.alpha().id() + "\"");
    }

    @Test
    void theSameClientReportIdReturnsTheFirstReport() {
        String clientId = "r-" + unique();
        Reply first = post(personas.alpha(), report("Crash on start " + unique(), clientId, "app.crash"));
        Reply again = post(personas.alpha(), report("Crash on start, sent again", clientId, "app.crash"));
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().getString("id")).isEqualTo(first.json().getString("id"));
        // Another app may use the same client id for its own report.
        Reply beta = post(personas.beta(), report("Crash on start", clientId, "app.crash"));
        assertThat(beta.status()).isEqualTo(201);
        assertThat(beta.json().getString("id")).isNotEqualTo(first.json().getString("id"));
    }

    /**
     * Reports sent together are stored together (group commit): 40 distinct reports over 4 groups
     * and 8 copies of one client report id, all at once. Every distinct report is stored and counted
     * into its group exactly once; the copies get one 201 and seven 200s naming the same report; each
     * report passed through the batches exactly once.
     */
    @Test
    void concurrentReportsAreStoredTogetherAndEachCountedOnce() throws Exception {
        String word = "batch" + unique().replaceAll("[0-9]", "q");
        String copyId = "copy-" + unique();
        double batchedBefore = metric("vigil_issue_report_batch_size_sum");
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            bodies.add(report("Batched " + word + " kind " + (char) ('a' + i % 4), "d-" + unique() + i, "sync.blocked"));
        }
        for (int i = 0; i < 8; i++) {
            bodies.add(report("Copied " + word, copyId, "sync.blocked"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(bodies.size());
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Reply>> sent = new ArrayList<>();
        for (String body : bodies) {
            sent.add(CompletableFuture.supplyAsync(() -> {
                await(start);
                return post(personas.alpha(), body);
            }, pool));
        }
        start.countDown();
        List<Reply> replies = sent.stream().map(CompletableFuture::join).toList();
        pool.shutdown();

        List<Reply> distinct = replies.subList(0, 40);
        List<Reply> copies = replies.subList(40, 48);
        assertThat(distinct).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(201));
        assertThat(distinct.stream().map(r -> r.json().getString("id")).distinct()).hasSize(40);
        assertThat(copies.stream().map(Reply::status).toList()).containsOnly(201, 200);
        assertThat(copies.stream().filter(r -> r.status() == 201).count()).isEqualTo(1);
        assertThat(copies.stream().map(r -> r.json().getString("id")).distinct()).hasSize(1);

        Map<String, Long> perGroup = distinct.stream()
                .collect(Collectors.groupingBy(r -> r.json().getString("group"), Collectors.counting()));
        assertThat(perGroup).hasSize(4).allSatisfy((group, count) -> assertThat(count).isEqualTo(10));
        for (String group : perGroup.keySet()) {
            assertThat(http.get("api/v1/issue-groups/" + group, personas.member()).json()
                    .getJsonObject("group").getInt("reports")).as(group).isEqualTo(10);
        }
        String copyGroup = copies.get(0).json().getString("group");
        assertThat(http.get("api/v1/issue-groups/" + copyGroup, personas.member()).json()
                .getJsonObject("group").getInt("reports")).isEqualTo(1);
        assertThat(metric("vigil_issue_report_batch_size_sum") - batchedBefore).isEqualTo(48);
    }

    private double metric(String name) {
        Matcher value = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([0-9.Ee+-]+)$")
                .matcher(http.get("metrics", Auth.NONE).body());
        return value.find() ? Double.parseDouble(value.group(2)) : 0;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anIdempotencyKeyReplaysAndRefusesAnotherBody() {
        String key = "issue-" + unique();
        String body = report("Sync blocked " + unique(), null, "sync.blocked");
        Map<String, String> headers = Map.of("Idempotency-Key", key);
        Reply first = http.send("POST", "api/v1/issues", personas.alpha().auth(), "application/json",
                HttpRequest.BodyPublishers.ofString(body), headers);
        Reply replay = http.send("POST", "api/v1/issues", personas.alpha().auth(), "application/json",
                HttpRequest.BodyPublishers.ofString(body), headers);
        Reply other = http.send("POST", "api/v1/issues", personas.alpha().auth(), "application/json",
                HttpRequest.BodyPublishers.ofString(report("Something else", null, "x")), headers);
        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.header("Idempotent-Replayed")).contains("true");
        assertThat(replay.json().getString("id")).isEqualTo(first.json().getString("id"));
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.code()).isEqualTo("idempotency_mismatch");
    }

    @Test
    void reportsFoldIntoGroupsThatMembersTriage() {
        String word = "zebra" + unique().replaceAll("[0-9]", "q");
        String a = post(personas.alpha(), report("Model fallback " + word + " after 3 tries", null, "edge.model.fallback_used"))
                .json().getString("group");
        String b = post(personas.alpha(), report("model FALLBACK " + word + " after 12 tries", null, "edge.model.fallback_used"))
                .json().getString("group");
        String c = post(personas.alpha(), report("Model fallback " + word + " after 3 tries", null, "edge.model.init_failed"))
                .json().getString("group");
        assertThat(b).isEqualTo(a);
        assertThat(c).isNotEqualTo(a);

        JsonObject group = http.get("api/v1/issue-groups/" + a, personas.member()).json();
        assertThat(group.getJsonObject("group").getInt("reports")).isEqualTo(2);
        assertThat(group.getJsonObject("group").getString("status")).isEqualTo("new");
        assertThat(group.getJsonArray("appVersions").getString(0)).isEqualTo("2.3.1");
        assertThat(group.getJsonArray("recentReports")).hasSize(2);

        Reply triaged = send("PATCH", "api/v1/issue-groups/" + a, personas.member(),
                "{\"status\": \"triaged\", \"assignee\": \"bob\"}");
        assertThat(triaged.status()).isEqualTo(200);
        assertThat(triaged.json().getJsonObject("group").getString("status")).isEqualTo("triaged");
        assertThat(triaged.json().getJsonObject("group").getString("assignee")).isEqualTo("bob");
        Reply comment = http.postJson("api/v1/issue-groups/" + a + "/comments", personas.member(),
                "{\"body\": \"Seen only on 2.3.1\"}");
        assertThat(comment.status()).isEqualTo(201);
        assertThat(http.get("api/v1/issue-groups/" + a, personas.admin()).json().getJsonArray("comments")
                .getJsonObject(0).getString("body")).isEqualTo("Seen only on 2.3.1");
        String audit = http.get("api/v1/admin/audit?limit=50", personas.admin()).body();
        assertThat(audit).contains("issue-group.status").contains("issue-group.assign").contains("issue-group.comment");

        assertThat(send("PATCH", "api/v1/issue-groups/" + a, personas.member(), "{\"status\": \"done\"}").status())
                .isEqualTo(400);
        assertThat(send("PATCH", "api/v1/issue-groups/" + UUID.randomUUID(), personas.member(),
                "{\"status\": \"resolved\"}").status()).isEqualTo(404);

        Reply filtered = http.get("api/v1/issue-groups?status=triaged&q=" + word, personas.member());
        assertThat(filtered.json().getJsonArray("items")).hasSize(1);
        assertThat(filtered.json().getJsonArray("items").getJsonObject(0).getString("id")).isEqualTo(a);
        Reply reports = http.get("api/v1/issues?app=" + personas.alpha().id() + "&q=" + word + "&limit=2",
                personas.member());
        assertThat(reports.json().getJsonArray("items")).hasSize(2);
        assertThat(reports.json().getString("next")).isNotBlank();
        Reply rest = http.get("api/v1/issues?app=" + personas.alpha().id() + "&q=" + word + "&limit=2&before="
                + reports.json().getString("next"), personas.member());
        assertThat(rest.json().getJsonArray("items")).hasSize(1);
        // One resource instance serves every request: its parameters are still checked per request.
        Reply badStatus = http.get("api/v1/issues?status=bogus", personas.member());
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.code()).isEqualTo("invalid_request");
        assertThat(http.get("api/v1/issues?from=yesterday", personas.member()).code()).isEqualTo("invalid_request");
    }

    @Test
    void secretsInEveryFieldKindAreRedactedBeforeStorage() throws Exception {
        String body = "{\"summary\": \"Login loop " + unique() + " with " + JWT + "\","
                + " \"description\": \"header was Bearer " + SECRETS.get(4) + "\","
                + " \"flags\": {\"password\": \"" + SECRETS.get(0) + "\", \"newUploader\": true},"
                + " \"metadata\": {\"sessionCookie\": \"" + SECRETS.get(1) + "\", \"aws\": \"" + SECRETS.get(6) + "\"},"
                + " \"uploadQueue\": {\"items\": [{\"apiKey\": \"" + SECRETS.get(3) + "\", \"kind\": \"run\"}]},"
                + " \"events\": [{\"type\": \"auth.retry\", \"at\": \"2026-11-23T10:00:00Z\","
                + " \"attributes\": {\"user_password\": \"" + SECRETS.get(2) + "\", \"attempt\": 2}}]}";
        Reply created = post(personas.alpha(), body);
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().getString("id");

        String read = http.get("api/v1/issues/" + id, personas.admin()).body();
        JsonObject report = Json.createReader(new StringReader(read)).readObject();
        assertThat(report.getInt("redactions")).isEqualTo(7);
        assertThat(report.getJsonObject("flags").getString("password")).isEqualTo("[redacted]");
        assertThat(report.getJsonObject("flags").getBoolean("newUploader")).isTrue();
        assertNowhereButRedacted(id, read, SECRETS);
        assertThat(http.get("metrics", Auth.NONE).body()).containsPattern("vigil_issue_redactions_total(\\{[^}]*})? \\d");
    }

    /** The shapes a security review found stored in clear, in every field kind of a report. */
    @Test
    void secretShapesInTextURLsAndJoinedKeysAreRedactedEverywhere() throws Exception {
        String u = unique().replaceAll("[^A-Za-z0-9]", "");
        List<String> secrets = List.of("hunter2" + u, "S3cret" + u, "abc123def456" + u, "zz" + u, "authkey" + u,
                "basicauth" + u, "attrpw" + u, "queuetok" + u);
        String basic = java.util.Base64.getEncoder().encodeToString(("bob:" + secrets.get(1)).getBytes());
        String body = "{\"summary\": \"Sync " + u + " failed: password=" + secrets.get(0) + "\","
                + " \"description\": \"GET https://bob:" + secrets.get(1) + "@x.io/a?access_token=" + secrets.get(2)
                + " with Authorization: Basic " + basic + "\","
                + " \"flags\": {\"auth_key\": \"" + secrets.get(4) + "\", \"beta\": true},"
                + " \"metadata\": {\"basic_auth\": \"" + secrets.get(5) + "\", \"link\": \"https://x.io/?api_key="
                + secrets.get(3) + "\"},"
                + " \"uploadQueue\": {\"items\": [{\"note\": \"token=" + secrets.get(7) + "\", \"kind\": \"run\"}]},"
                + " \"events\": [{\"type\": \"auth.retry\", \"at\": \"2026-11-23T10:00:00Z\","
                + " \"attributes\": {\"dbPassword\": \"" + secrets.get(6) + "\", \"attempt\": 2}}]}";
        Reply created = post(personas.alpha(), body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().getString("id");

        String read = http.get("api/v1/issues/" + id, personas.admin()).body();
        assertThat(Json.createReader(new StringReader(read)).readObject().getInt("redactions")).isGreaterThanOrEqualTo(8);
        List<String> all = new ArrayList<>(secrets);
        all.add(basic);
        assertNowhereButRedacted(id, read, all);
        assertThat(read).contains("password=[redacted]").contains("https://[redacted]@x.io");
    }

    /**
     * None of the secrets is in the report as read, in the day's export, in the server's log, or
     * (on PostgreSQL, where the test can read the table) in the stored row, which holds the marker.
     */
    private void assertNowhereButRedacted(String id, String read, List<String> secrets) throws Exception {
        String export = http.get("api/v1/admin/issues/export?app=" + personas.alpha().id(), personas.admin()).body();
        String log = BlackBox.server().log();
        for (String secret : secrets) {
            assertThat(read).doesNotContain(secret);
            assertThat(export).doesNotContain(secret);
            assertThat(log).doesNotContain(secret);
        }
        assertThat(export).contains(id);
        if (BlackBox.schema().isPresent()) {
            try (Connection c = TestDatabase.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select summary, body from " + BlackBox.schema().get()
                         + ".intake_report where id = '" + id + "'")) {
                assertThat(rs.next()).isTrue();
                String stored = rs.getString(1) + rs.getString(2);
                assertThat(stored).contains("[redacted]");
                secrets.forEach(secret -> assertThat(stored).doesNotContain(secret));
            }
        }
    }

    @Test
    void noAppReadsAnotherAppsReportsAndMembersReachNoOpsData() {
        String id = post(personas.alpha(), report("Private to alpha " + unique(), null, "a.b")).json().getString("id");
        String group = http.get("api/v1/issues/" + id, personas.alpha().auth()).json().getString("group");

        Reply byBeta = http.get("api/v1/issues/" + id, personas.beta().auth());
        assertThat(byBeta.status()).isEqualTo(404);
        assertThat(byBeta.body()).doesNotContain("Private to alpha");
        assertThat(http.get("api/v1/issues", personas.beta().auth()).status()).isEqualTo(403);
        assertThat(http.get("api/v1/issue-groups/" + group, personas.beta().auth()).status()).isEqualTo(403);
        assertThat(http.get("api/v1/issue-groups", personas.beta().auth()).status()).isEqualTo(403);
        assertThat(send("PATCH", "api/v1/issue-groups/" + group, personas.beta().auth(), "{\"status\": \"ignored\"}")
                .status()).isEqualTo(403);
        assertThat(http.get("api/v1/admin/issues/export", personas.beta().auth()).status()).isEqualTo(403);
        assertThat(http.get("api/v1/admin/issues/export", personas.member()).status()).isEqualTo(403);
        assertThat(http.get("api/v1/admin/issues/daily", personas.member()).status()).isEqualTo(403);
        assertThat(http.postJson("api/v1/issues", personas.member(), report("x", null, "y")).status()).isEqualTo(403);
    }

    @Test
    void theDayExportsAsNdjsonAndTheDailyCountsAddUp() {
        Personas.App app = Personas.app(http, personas.admin(), "export-" + unique());
        for (String word : List.of("alpha", "bravo", "charlie")) {
            assertThat(post(app, report("Export " + word, null, "e")).status()).isEqualTo(201);
        }
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        Reply export = http.get("api/v1/admin/issues/export?date=" + today + "&app=" + app.id(), personas.admin());
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/x-ndjson"));
        List<String> lines = export.body().lines().toList();
        assertThat(lines).hasSize(3);
        lines.forEach(line -> assertThat(Json.createReader(new StringReader(line)).readObject().getString("appId"))
                .isEqualTo(app.id()));
        assertThat(http.get("api/v1/admin/issues/export?date=2026-13-40", personas.admin()).code())
                .isEqualTo("invalid_request");
        assertThat(http.get("api/v1/admin/issues/export?date=2001-01-01&app=" + app.id(), personas.admin()).body())
                .isEmpty();

        JsonObject counts = http.get("api/v1/admin/issues/daily?date=" + today, personas.admin()).jsonValue()
                .asJsonArray().stream().map(v -> v.asJsonObject()).filter(c -> c.getString("appId").equals(app.id()))
                .findFirst().orElseThrow();
        assertThat(counts.getInt("newReports")).isEqualTo(3);
        assertThat(counts.getInt("newGroups")).isEqualTo(3);
    }

    private Reply send(String method, String path, Auth auth, String json) {
        return http.send(method, path, auth, "application/json", HttpRequest.BodyPublishers.ofString(json));
    }
}
