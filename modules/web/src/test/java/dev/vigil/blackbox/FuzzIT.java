package dev.vigil.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.testing.ApiOperations;
import dev.vigil.testing.ApiOperations.Operation;
import dev.vigil.testing.BlackBox;
import dev.vigil.testing.Http;
import dev.vigil.testing.Http.Auth;
import dev.vigil.testing.MalformedRequests;
import dev.vigil.testing.MalformedRequests.Caller;
import dev.vigil.testing.MalformedRequests.Case;
import dev.vigil.testing.Personas;
import dev.vigil.testing.RawHttp;
import dev.vigil.testing.RawHttp.Answer;
import dev.vigil.testing.ServerJvm;
import dev.vigil.testing.TestDatabase;
import dev.vigil.testing.WireRequest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 9, hardening: 10,000 generated malformed requests (fixed seed, {@code -Dvigil.fuzz.seed} to
 * change it, {@code -Dvigil.fuzz.requests} for another count) over every operation of the server's
 * OpenAPI document: first a sweep of the most hostile parameter values and bodies over every
 * operation as a caller it admits, then random ones under no credentials, a bad key, an app, a
 * member and the admin. None may get a
 * 5xx; every 4xx is problem+json with a code of the taxonomy (except the healthchecks.io-style
 * {@code /ping/} check-ins and the probes, metrics and OpenAPI endpoints); no FFDC incident appears
 * but those Liberty's HTTP channel records itself for framing it refuses before Vigil sees the
 * request; request metrics gain no series outside the known routes and methods; and the heap after
 * a full collection stays within 10 % of where it was (20 % on H2, whose database is in the heap).
 */
@ExtendWith(BlackBox.class)
class FuzzIT {

    private static final long SEED = Long.getLong("vigil.fuzz.seed", 0x5EED_2026_1130L);
    private static final int REQUESTS = Integer.getInteger("vigil.fuzz.requests", 10_000);
    /** Enough to create the working set (metric series of the routes, caches) before the heap baseline. */
    private static final int WARM_UP = 2_000;
    private static final int THREADS = 6;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);
    private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "other",
            "_OTHER");
    /**
     * Not Vigil's answers: check-ins answer plain text as healthchecks.io does, and Liberty's own
     * endpoints (probes, metrics, OpenAPI, and its REST handler under {@code /ibm/api/}, which refuses
     * plain HTTP with its own HTML 403) answer in their own formats.
     */
    private static final List<String> LIBERTY_ENDPOINTS = List.of("/health", "/metrics");
    private static final java.util.regex.Pattern MALFORMED_BASIC =
            java.util.regex.Pattern.compile("(?i)\r\nAuthorization: Basic =+\r\n");
    private static final List<String> NOT_PROBLEM_JSON = List.of("/ping/", "/health", "/metrics", "/openapi", "/ibm/api/",
            "/admin/"); // the admin UI's pages answer browsers in HTML (a member's 403 too)
    /**
     * Where Liberty's HTTP channel records the requests it refuses itself, with an empty 400,
     * before any of Vigil's code runs (a header name with a space, a header line without a name).
     */
    private static final Set<String> CHANNEL_INCIDENTS = Set.of("HttpInboundLink.handleNewInformation",
            "com.ibm.wsspi.http.channel.values.HttpHeaderKeys.validateHeaderName(String)",
            // The web container finishing a request whose body never came as framed (Vigil answered 400).
            "com.ibm.ws.webcontainer.srt.SRTServletRequest.finish",
            // The HTTP channel inflating a body that claims a Content-Encoding it does not have.
            "com.ibm.ws.http.channel.internal.inbound.HttpInboundServiceContextImpl.moveBuffers",
            // Liberty's own /metrics endpoint trying a Basic credential against a user registry Vigil
            // does not configure (its users are its own, in identity_user); the scrape is answered.
            "com.ibm.ws.security.authentication.jaas.modules.UsernameAndPasswordLoginModule");
    /** FFDC incidents a refused request may leave that Liberty records itself, not Vigil's code. */
    static boolean fromLiberty(ServerJvm.Incident incident) {
        return CHANNEL_INCIDENTS.contains(incident.source()) || base64Defect(incident) || healthFileDefect(incident);
    }

    /**
     * Liberty's own health application given one of its paths with a trailing slash or a suffix
     * ("/health/live/", or any character after it such as "/health/live\u202e"): its static-file fallback throws FileNotFoundException inside its filter
     * chain (an FFDC, before any of Vigil's code; Vigil's WAR answers an unknown path 404 itself).
     * Reached since the fuzzer's walk changed with the job-check operations.
     */
    private static boolean healthFileDefect(ServerJvm.Incident incident) {
        return incident.kind().startsWith("jakarta.servlet.ServletException")
                && incident.message().matches("(?s).*SRVE0190E: File not found: /(live|ready|started).*");
    }

    /**
     * Liberty's Base64Coder on a Basic credential of padding alone ("Basic ====") sent to its own
     * /health or /metrics: it throws ArrayIndexOutOfBoundsException inside the container's filter
     * chain (an FFDC and a 500, before any of Vigil's code; see {@link #judge}).
     */
    private static boolean base64Defect(ServerJvm.Incident incident) {
        return incident.kind().startsWith("java.lang.ArrayIndexOutOfBoundsException")
                && incident.message().contains("Index -1 out of bounds for length 4");
    }
    /**
     * Vigil's request metrics, and the HTTP server metrics Liberty keeps itself ({@code mp_scope="vendor"}).
     * Label values may hold braces (route templates such as {@code /api/v3/checks/{uuid}}): quoted values
     * are read whole.
     */
    private static final Pattern SERIES = Pattern.compile(
            "^(vigil_http_request[a-z_]*|http_server_request[a-z_]*)\\{((?:[^}\"]|\"(?:[^\"\\\\]|\\\\.)*\")*)}",
            Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Http http = BlackBox.http();
    private final Personas personas = BlackBox.personas();

    private record Outcome(Case request, Answer answer, Optional<String> failure) {
    }

    @Test
    void malformedRequestsNeverBreakTheServer() throws Exception {
        List<Operation> operations = ApiOperations.read(http);
        assertThat(operations).hasSizeGreaterThanOrEqualTo(7);
        List<Caller> callers = callers();
        MalformedRequests generator = new MalformedRequests(operations, callers, fixtures(),
                BlackBox.server().port(), SEED);
        RawHttp raw = new RawHttp(BlackBox.server().port(), READ_TIMEOUT);
        System.out.println("[vigil-test] fuzz: seed " + SEED + " (-Dvigil.fuzz.seed=" + SEED + "), " + REQUESTS
                + " requests over " + operations.size() + " operations, " + THREADS + " threads");

        // Liberty writes an FFDC file for the first incident of each kind only: look before the warm-up.
        Set<String> ffdcBefore = ServerJvm.ffdcFiles(BlackBox.SERVER);
        List<Outcome> outcomes = new ArrayList<>(run(raw, generator.next(WARM_UP, 1_000_000)));
        Set<Map<String, String>> seriesBefore = series(http.get("metrics", Auth.NONE).body());
        long heapBefore = ServerJvm.usedHeapAfterFullGcKib(BlackBox.SERVER);
        Map<String, Long> classesBefore = ServerJvm.classHistogram(BlackBox.SERVER);

        long started = System.nanoTime();
        List<Case> cases = new ArrayList<>(generator.sweep(0, caller(callers, "admin"), caller(callers, "app"),
                caller(callers, "none")));
        cases.addAll(generator.next(REQUESTS - cases.size(), cases.size()));
        List<Outcome> main = run(raw, cases);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        outcomes.addAll(main);

        long heapAfter = ServerJvm.usedHeapAfterFullGcKib(BlackBox.SERVER);
        Set<String> newFfdc = new java.util.TreeSet<>(ServerJvm.ffdcFiles(BlackBox.SERVER));
        newFfdc.removeAll(ffdcBefore);
        Set<Map<String, String>> newSeries = series(http.get("metrics", Auth.NONE).body());
        newSeries.removeAll(seriesBefore);

        summarize(main, took, heapBefore, heapAfter);
        boolean heapGrew = heapAfter > heapBefore + heapBefore / 10;
        if (heapGrew) {
            printHeapGrowth(classesBefore, ServerJvm.classHistogram(BlackBox.SERVER));
        }
        List<Outcome> failures = outcomes.stream().filter(o -> o.failure().isPresent()).toList();
        printFailures(failures);
        List<String> incidents = incidents(newFfdc);

        Set<String> routes = operations.stream().map(Operation::path).collect(Collectors.toCollection(HashSet::new));
        routes.add("unmatched");
        // Liberty's own HTTP metric names the servlet mapping, not the resource.
        series(http.get("metrics", Auth.NONE).body()).stream().map(l -> l.get("route"))
                .filter(r -> r != null && r.startsWith("vendor ")).forEach(routes::add);
        List<String> unknownSeries = newSeries.stream()
                .filter(s -> !routes.contains(s.get("route")) || !KNOWN_METHODS.contains(s.get("method")))
                .map(Map::toString).sorted().toList();

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(failures.size()).as("requests answered wrongly (see the classes above), seed " + SEED)
                .isZero();
        soft.assertThat(incidents).as("new FFDC incidents in logs/ffdc, by kind").isEmpty();
        soft.assertThat(unknownSeries).as("new request-metric series outside the known routes and methods")
                .isEmpty();
        // Within 10 % where the database is out of the server's process (PostgreSQL: +5.6 %). It grew
        // 17-26 % while every timer kept client-side percentiles: Liberty's REST.request timer, one per
        // resource method, held an HdrHistogram (~0.5 MB) per method the fuzzing reached first (found
        // with JFR's old-object samples); and +93 % to +163 % while Vigil's own request timer had them
        // per made-up method. On H2 the database lives in the server's heap, and its chunk metadata
        // and page cache grow with the rows the fuzzing writes (+6.2 % to +13.3 % measured, the
        // largest growth in org.h2.mvstore classes): 20 % there.
        long allowed = heapBefore / (TestDatabase.postgres() ? 10 : 5);
        soft.assertThat(heapAfter).as("used heap after a full GC (KiB), before: " + heapBefore)
                .isLessThanOrEqualTo(heapBefore + allowed);
        long limited = main.stream().filter(o -> o.answer().status() == 429).count();
        soft.assertThat(limited).as("429s must not swallow the coverage").isLessThan(REQUESTS / 10);
        soft.assertAll();
    }

    private List<Caller> callers() {
        Personas.App app = Personas.app(http, personas.admin(), "fuzz-" + java.util.UUID.randomUUID());
        return List.of(
                new Caller("none", null, 24, 24, false),
                new Caller("bad key", null, 18, 18, false),
                new Caller("app", header(app.auth()), 55, 46, false),
                // HTTP Basic hashes the password (PBKDF2, ~0.1 s of CPU) on every request: members and
                // admins call mostly operations that admit them, with the mutations that reach deep.
                new Caller("member", header(personas.member()), 1, 4, true),
                new Caller("admin", header(personas.admin()), 2, 8, true));
    }

    private static Caller caller(List<Caller> callers, String name) {
        return callers.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private static String header(Auth auth) {
        return ((Auth.Header) auth).value();
    }

    /** Live values for path parameters, so a request that breaks something else reaches the resource. */
    private Map<String, String> fixtures() {
        Auth admin = personas.admin();
        Personas.App target = Personas.app(http, admin, "fuzz-target-" + java.util.UUID.randomUUID());
        String spareKey = http.post("api/v1/admin/apps/" + target.id() + "/keys", admin).json().getString("keyId");
        JsonObject report = http.postJson("api/v1/issues", target.auth(), "{\"summary\": \"fuzz fixture\"}").json();
        String source = "fuzz-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        assertThat(http.postJson("api/v1/admin/webhook-sources", admin, "{\"name\": \"" + source
                + "\", \"scheme\": \"github\", \"secret\": \"fuzz-secret-0123456789\"}").status()).isEqualTo(201);
        return Map.of("id", target.id(), "keyId", spareKey, "reportId", report.getString("id"),
                "groupId", report.getString("group"), "name", source, "source", source);
    }

    private static List<Outcome> run(RawHttp raw, List<Case> cases) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (Case c : cases) {
                futures.add(pool.submit(() -> {
                    Answer answer = raw.exchange(c.request().bytes());
                    return new Outcome(c, answer, judge(c, answer));
                }));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                outcomes.add(f.get());
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * What is wrong with an answer, if anything. A 4xx with neither content type nor body comes
     * from Liberty's HTTP channel, which refuses a request it cannot parse (illegal header names,
     * headers over its size limits) before any of Vigil's code runs: those count as refusals.
     */
    static Optional<String> judge(Case c, Answer a) {
        if (a.status() == Answer.TIMEOUT) {
            return Optional.of("no answer within " + READ_TIMEOUT.toSeconds() + " s");
        }
        if (a.status() == Answer.NONE) {
            // A server may hang up on a request whose framing is a lie, or stop reading a body it refused.
            return c.framingLie() || a.writeFailed() ? Optional.empty() : Optional.of("closed without an answer");
        }
        if (a.status() < 200) {
            return Optional.of("only an interim " + a.status() + " answer");
        }
        String contentType = a.header("Content-Type").orElse("");
        if (a.status() == 501 && c.request().path().startsWith("/openapi")) {
            return Optional.empty(); // Liberty's OpenAPI endpoint names a method it does not know: not Vigil's
        }
        if (a.status() == 500 && LIBERTY_ENDPOINTS.stream().anyMatch(p -> c.request().path().startsWith(p))
                && MALFORMED_BASIC.matcher(new String(c.request().bytes(), StandardCharsets.ISO_8859_1)).find()) {
            // Liberty's own endpoints decode a Basic credential with Base64Coder, which throws
            // ArrayIndexOutOfBoundsException on padding alone ("Basic ===="): Liberty's defect, before
            // any of Vigil's code; Vigil's own paths answer it 401.
            return Optional.empty();
        }
        if (a.status() >= 500) {
            return Optional.of(a.status() + " " + a.header(ErrorCode.HEADER).orElse(contentType));
        }
        boolean exempt = NOT_PROBLEM_JSON.stream().anyMatch(p -> c.request().path().startsWith(p));
        Optional<String> internal = a.headers().stream().map(h -> h[0]).filter(n -> n.startsWith("$")).findFirst();
        if (internal.isPresent() && !exempt) { // Liberty's own endpoints (OpenAPI, metrics) are not Vigil's
            return Optional.of("internal header '" + internal.get() + "' in the answer");
        }
        if (a.status() < 400 || exempt || channelRefusal(a) || containerRefusal(a)) {
            return Optional.empty();
        }
        if (!contentType.startsWith("application/problem+json")) {
            return Optional.of(a.status() + " answered as '" + contentType + "', not problem+json");
        }
        if (!a.header(ErrorCode.HEADER).flatMap(ErrorCode::fromCode).isPresent()) {
            return Optional.of(a.status() + " " + ErrorCode.HEADER + " '" + a.header(ErrorCode.HEADER).orElse("")
                    + "' not in the taxonomy");
        }
        if (c.request().method().equals("HEAD")) {
            return Optional.empty();
        }
        String code;
        try (JsonReader reader = Json.createReader(new StringReader(a.text()))) {
            code = reader.readObject().getString("code", null);
        } catch (RuntimeException e) {
            return Optional.of(a.status() + " problem body is not a JSON object with a code");
        }
        if (!a.header(ErrorCode.HEADER).orElseThrow().equals(code)) {
            return Optional.of(a.status() + " body code '" + code + "' differs from " + ErrorCode.HEADER);
        }
        if (a.text().contains("\tat ") || a.text().contains("Exception")) {
            return Optional.of(a.status() + " " + code + " with a stack trace or exception name in the body");
        }
        return Optional.empty();
    }

    /**
     * A 400 the web container answers itself (CWWWC0005I: a URI with an invalid or improper escape
     * such as {@code %}, {@code %zz}, {@code %00}, {@code ..;}) before any of Vigil's code runs: it
     * is a refusal, but Vigil cannot give it a problem body.
     */
    private static boolean containerRefusal(Answer a) {
        return a.status() == 400 && (a.text().contains("CWWWC0005I")
                || a.body().length == 0 && a.header(ErrorCode.HEADER).isEmpty()
                && a.header("Content-Type").filter(t -> t.startsWith("text/html") || t.startsWith("application/json"))
                        .isPresent()); // the same refusal to a HEAD: no body to show it
    }

    private static boolean channelRefusal(Answer a) {
        return a.status() >= 400 && a.status() < 500 && a.header("Content-Type").isEmpty() && a.body().length == 0;
    }

    private static void summarize(List<Outcome> main, Duration took, long heapBefore, long heapAfter) {
        Map<String, Long> byStatus = new TreeMap<>(main.stream().collect(Collectors.groupingBy(
                o -> statusName(o.answer()), Collectors.counting())));
        Map<String, Map<String, Long>> byFamily = new TreeMap<>();
        for (Outcome o : main) {
            for (String family : families(o.request())) {
                byFamily.computeIfAbsent(family, f -> new TreeMap<>()).merge(statusName(o.answer()), 1L, Long::sum);
            }
        }
        System.out.println("[vigil-test] fuzz: " + main.size() + " requests in " + took.toMillis() + " ms ("
                + Math.round(main.size() * 1000.0 / Math.max(1, took.toMillis())) + "/s); by status " + byStatus);
        byFamily.forEach((family, statuses) -> System.out.println("[vigil-test] fuzz:   " + family + " " + statuses));
        System.out.println("[vigil-test] fuzz: " + main.stream().filter(o -> channelRefusal(o.answer())).count()
                + " refused by Liberty's HTTP channel (empty 4xx) before reaching Vigil");
        System.out.println("[vigil-test] fuzz: used heap after full GC " + heapBefore + " KiB before, " + heapAfter
                + " KiB after (" + String.format("%+.1f", (heapAfter - heapBefore) * 100.0 / heapBefore) + " %)");
    }

    private static String statusName(Answer a) {
        return a.status() == Answer.NONE ? "closed" : a.status() == Answer.TIMEOUT ? "timeout" : Integer.toString(a.status());
    }

    /** A request's mutation families, e.g. {@code body:invalid-utf8-in-string}, without details. */
    private static List<String> families(Case c) {
        return c.mutations().stream().map(m -> m.contains("(") ? m.substring(0, m.indexOf('(')) : m).distinct().toList();
    }

    /**
     * Failures grouped by what went wrong and the mutation that did it (a failure of a request with
     * two mutations goes to the class of either that fails alone the same way), with the two
     * smallest requests of each class as reproducers.
     */
    private static void printFailures(List<Outcome> failures) {
        if (failures.isEmpty()) {
            return;
        }
        Set<String> alone = failures.stream().filter(o -> o.request().mutations().size() == 1)
                .map(o -> o.failure().orElseThrow() + " <- " + families(o.request()).get(0)).collect(Collectors.toSet());
        Map<String, List<Outcome>> classes = new LinkedHashMap<>();
        for (Outcome o : failures) {
            String failure = o.failure().orElseThrow();
            String key = families(o.request()).stream().map(f -> failure + " <- " + f).filter(alone::contains)
                    .findFirst().orElse(failure + " <- " + String.join(" + ", families(o.request())));
            classes.computeIfAbsent(key, k -> new ArrayList<>()).add(o);
        }
        System.out.println("[vigil-test] fuzz: " + failures.size() + " failing requests in " + classes.size()
                + " classes (seed " + SEED + ")");
        classes.entrySet().stream().sorted((a, b) -> b.getValue().size() - a.getValue().size()).forEach(e -> {
            List<Outcome> all = e.getValue();
            String operations = all.stream().map(o -> o.request().operation()).distinct().sorted()
                    .collect(Collectors.joining(", "));
            System.out.println("[vigil-test] fuzz: FAIL x" + all.size() + " " + e.getKey() + " on "
                    + (operations.length() > 300 ? operations.substring(0, 300) + "..." : operations));
            all.stream().sorted(java.util.Comparator.comparingInt((Outcome o) -> o.request().mutations().size())
                            .thenComparingInt(o -> o.request().request().bytes().length))
                    .limit(2).forEach(o -> System.out.println("[vigil-test] fuzz:     " + o.request().describe()
                    + "\n[vigil-test] fuzz:       > " + WireRequest.compact(o.request().request().bytes(), 600)
                    + "\n[vigil-test] fuzz:       < " + o.answer().describe().replace("\r", "").replace("\n", " ")));
        });
    }

    /** New FFDC incidents by kind (but those of the HTTP channel): how many, and one message. */
    private static List<String> incidents(Set<String> files) {
        Map<String, List<ServerJvm.Incident>> kinds = files.stream().filter(f -> f.startsWith("ffdc_"))
                .map(f -> ServerJvm.ffdcIncident(BlackBox.SERVER, f))
                .filter(i -> !fromLiberty(i))
                .collect(Collectors.groupingBy(ServerJvm.Incident::kind, TreeMap::new, Collectors.toList()));
        return kinds.entrySet().stream().map(e -> e.getValue().size() + " x " + e.getKey() + ": "
                + e.getValue().get(0).message()).toList();
    }

    private static void printHeapGrowth(Map<String, Long> before, Map<String, Long> after) {
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(15)
                .forEach(e -> System.out.println("[vigil-test] fuzz: heap grew by " + e.getValue() / 1024 + " KiB of "
                        + e.getKey()));
    }

    /** The label sets of Vigil's request metrics (without the scope MicroProfile adds). */
    static Set<Map<String, String>> series(String metrics) {
        Set<Map<String, String>> series = new HashSet<>();
        Matcher m = SERIES.matcher(metrics);
        while (m.find()) {
            Map<String, String> labels = new TreeMap<>();
            Matcher label = LABEL.matcher(m.group(2));
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
            labels.keySet().retainAll(Set.of("route", "method", "status", "http_route", "http_request_method",
                    "http_response_status_code"));
            if (!labels.containsKey("method") && !labels.containsKey("http_request_method")) {
                continue;
            }
            if (labels.containsKey("http_request_method")) {
                labels.put("method", labels.remove("http_request_method"));
                labels.put("route", "vendor " + labels.getOrDefault("http_route", ""));
                labels.remove("http_route");
                labels.put("status", labels.remove("http_response_status_code"));
            }
            series.add(labels);
        }
        return series;
    }
}
