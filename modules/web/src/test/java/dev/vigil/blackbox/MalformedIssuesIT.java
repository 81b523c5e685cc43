package dev.vigil.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.BlackBox;
import dev.vigil.testing.Http;
import dev.vigil.testing.Http.Reply;
import dev.vigil.testing.Personas;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 1,000 generated malformed or oversized issue reports: every one is a 4xx with a taxonomy code,
 * none is a 5xx, and nothing is stored.
 */
@ExtendWith(BlackBox.class)
class MalformedIssuesIT {

    private static final int REPORTS = 1_000;
    private static final String VALID = "{\"summary\": \"ok\", \"events\": [{\"type\": \"a.b\", \"at\": \"2026-11-23T10:00:00Z\"}]}";

    private final Http http = BlackBox.http();
    private final Personas personas = BlackBox.personas();

    /** One kind of bad report, given a random source. */
    private record Mutation(String name, String contentType, Function<Random, String> body) {
    }

    private static String repeat(String s, int n) {
        return s.repeat(n);
    }

    private static String events(int n, String event) {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(event);
        }
        return "[" + String.join(",", all) + "]";
    }

    private static String nested(int depth) {
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    private static List<Mutation> mutations() {
        String event = "{\"type\": \"a.b\", \"at\": \"2026-11-23T10:00:00Z\"}";
        return List.of(
                new Mutation("truncated json", "application/json", r -> VALID.substring(0, 1 + r.nextInt(VALID.length() - 1))),
                new Mutation("garbage", "application/json", r -> Long.toHexString(r.nextLong()) + "{]"),
                new Mutation("empty body", "application/json", r -> ""),
                new Mutation("json array", "application/json", r -> "[" + VALID + "]"),
                new Mutation("trailing content", "application/json", r -> VALID + " {\"summary\": \"again " + r.nextInt() + "\"}"),
                new Mutation("number out of range", "application/json",
                        r -> "{\"summary\": \"x\", \"metadata\": {\"n\": 1e" + (9_999_999_999L + r.nextInt(1000)) + "}}"),
                new Mutation("summary missing", "application/json", r -> "{\"description\": \"x\"}"),
                new Mutation("summary blank", "application/json", r -> "{\"summary\": \"" + " ".repeat(r.nextInt(5)) + "\"}"),
                new Mutation("summary a number", "application/json", r -> "{\"summary\": " + r.nextInt() + "}"),
                new Mutation("NUL character in a string", "application/json",
                        r -> VALID.replace("\"summary\": \"", "\"summary\": \"\\u0000" + r.nextInt())),
                new Mutation("summary too long", "application/json", r -> "{\"summary\": \"" + repeat("s", 201 + r.nextInt(500)) + "\"}"),
                new Mutation("description too long", "application/json",
                        r -> "{\"summary\": \"x\", \"description\": \"" + repeat("d", 10_001 + r.nextInt(1000)) + "\"}"),
                new Mutation("too many events", "application/json",
                        r -> "{\"summary\": \"x\", \"events\": " + events(501 + r.nextInt(20), event) + "}"),
                new Mutation("event without type", "application/json",
                        r -> "{\"summary\": \"x\", \"events\": [{\"at\": \"2026-11-23T10:00:00Z\"}]}"),
                new Mutation("event type with spaces", "application/json",
                        r -> "{\"summary\": \"x\", \"events\": [{\"type\": \"a b " + r.nextInt() + "\", \"at\": \"2026-11-23T10:00:00Z\"}]}"),
                new Mutation("event time not a time", "application/json",
                        r -> "{\"summary\": \"x\", \"events\": [{\"type\": \"a\", \"at\": \"yesterday " + r.nextInt() + "\"}]}"),
                new Mutation("event without time", "application/json", r -> "{\"summary\": \"x\", \"events\": [{\"type\": \"a\"}]}"),
                new Mutation("null event", "application/json", r -> "{\"summary\": \"x\", \"events\": [null]}"),
                new Mutation("events not a list", "application/json", r -> "{\"summary\": \"x\", \"events\": {\"type\": \"a\"}}"),
                new Mutation("attributes too deep", "application/json",
                        r -> "{\"summary\": \"x\", \"events\": [{\"type\": \"a\", \"at\": \"2026-11-23T10:00:00Z\", \"attributes\": "
                                + nested(5 + r.nextInt(5)) + "}]}"),
                new Mutation("too many flags", "application/json", r -> {
                    StringBuilder flags = new StringBuilder("{");
                    for (int i = 0; i < 201 + r.nextInt(50); i++) {
                        flags.append(i == 0 ? "" : ",").append("\"f").append(i).append("\": true");
                    }
                    return "{\"summary\": \"x\", \"flags\": " + flags + "}}";
                }),
                new Mutation("flags not an object", "application/json", r -> "{\"summary\": \"x\", \"flags\": [true, false]}"),
                new Mutation("metadata string too long", "application/json",
                        r -> "{\"summary\": \"x\", \"metadata\": {\"note\": \"" + repeat("m", 2_001 + r.nextInt(500)) + "\"}}"),
                new Mutation("metadata key too long", "application/json",
                        r -> "{\"summary\": \"x\", \"metadata\": {\"" + repeat("k", 101 + r.nextInt(50)) + "\": 1}}"),
                new Mutation("upload queue array too long", "application/json",
                        r -> "{\"summary\": \"x\", \"uploadQueue\": {\"items\": [" + "1,".repeat(100 + r.nextInt(20)) + "1]}}"),
                new Mutation("too many fingerprint parts", "application/json",
                        r -> "{\"summary\": \"x\", \"fingerprint\": [" + "\"p\",".repeat(10 + r.nextInt(5)) + "\"p\"]}"),
                new Mutation("blank fingerprint part", "application/json", r -> "{\"summary\": \"x\", \"fingerprint\": [\"\"]}"),
                new Mutation("client report id with spaces", "application/json",
                        r -> "{\"summary\": \"x\", \"clientReportId\": \"a b " + r.nextInt() + "\"}"),
                new Mutation("client report id too long", "application/json",
                        r -> "{\"summary\": \"x\", \"clientReportId\": \"" + repeat("c", 101 + r.nextInt(50)) + "\"}"),
                new Mutation("app version with quotes and spaces", "application/json",
                        r -> "{\"summary\": \"x\", \"app\": {\"version\": \"2.3 ' or 1=1 " + r.nextInt() + "\"}}"),
                new Mutation("locale too long", "application/json",
                        r -> "{\"summary\": \"x\", \"device\": {\"locale\": \"" + repeat("l", 36 + r.nextInt(10)) + "\"}}"),
                new Mutation("depth bomb", "application/json", r -> "{\"summary\": \"x\", \"metadata\": " + nested(40 + r.nextInt(100)) + "}"),
                new Mutation("huge number", "application/json",
                        r -> "{\"summary\": \"x\", \"metadata\": {\"n\": 1" + "0".repeat(70 + r.nextInt(100)) + "}}"),
                new Mutation("wrong content type", "text/plain", r -> VALID),
                new Mutation("form encoded", "application/x-www-form-urlencoded", r -> "summary=x&n=" + r.nextInt()),
                new Mutation("oversized body", "application/json",
                        r -> "{\"summary\": \"x\", \"description\": \"" + repeat("o", 1_100_000) + "\"}"));
    }

    @Test
    void everyMalformedReportIsA4xxWithACodeAndNothingIsStored() {
        List<Mutation> mutations = mutations();
        // Two apps keep the run under the per-app limit of the 'issues' policy (600 a minute).
        List<Personas.App> apps = List.of(Personas.app(http, personas.admin(), "fuzz-a-" + UUID.randomUUID()),
                Personas.app(http, personas.admin(), "fuzz-b-" + UUID.randomUUID()));
        Random random = new Random(20261123);
        Map<String, Map<Integer, Integer>> outcomes = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < REPORTS; i++) {
            Mutation mutation = mutations.get(i % mutations.size());
            if (mutation.name().equals("oversized body") && i >= mutations.size()) {
                mutation = mutations.get(0);   // one 1 MB body is enough
            }
            String body = mutation.body().apply(random);
            Reply reply = http.send("POST", "api/v1/issues", apps.get(i % 2).auth(), mutation.contentType(),
                    HttpRequest.BodyPublishers.ofString(body));
            outcomes.computeIfAbsent(mutation.name(), m -> new TreeMap<>()).merge(reply.status(), 1, Integer::sum);
            boolean ok = reply.status() >= 400 && reply.status() < 500 && reply.header("X-Vigil-Error-Code").isPresent()
                    && reply.status() != 429;
            if (!ok && wrong.size() < 20) {
                wrong.add(mutation.name() + " -> " + reply);
            }
        }
        System.out.println("[vigil-test] malformed issue reports: " + outcomes);
        assertThat(wrong).as("answers that were not a 4xx with a code").isEmpty();
        for (Personas.App app : apps) {
            assertThat(http.get("api/v1/issues?app=" + app.id(), personas.admin()).json().getJsonArray("items")).isEmpty();
        }
        assertThat(http.postJson("api/v1/issues", apps.get(0).auth(), VALID).status()).isEqualTo(201);
    }
}
