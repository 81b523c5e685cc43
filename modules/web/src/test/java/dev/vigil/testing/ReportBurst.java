package dev.vigil.testing;

import static org.awaitility.Awaitility.await;

import dev.vigil.testing.Http.Auth;
import dev.vigil.testing.Http.Reply;
import jakarta.json.Json;
import java.io.StringReader;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Issue reports sent by several threads at once, each with its own {@code clientReportId}, and
 * what Vigil answered to each: the ids it acknowledged with 201, every other answer, and the
 * requests that got no answer. Each thread sends at most its share, or until stopped.
 */
public final class ReportBurst implements AutoCloseable {

    /** An answer other than 201: its status, problem code (if any) and whether it said when to retry. */
    public record Refusal(int status, String code, boolean retryAfter) {
    }

    private final Http http;
    private final Personas.App app;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final LocalDate firstDay = LocalDate.now(ZoneOffset.UTC);
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Queue<Refusal> refused = new ConcurrentLinkedQueue<>();
    private final Queue<String> unanswered = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final ExecutorService threads;
    private final List<Future<?>> senders = new ArrayList<>();

    private ReportBurst(Http http, Personas.App app, int threads) {
        this.http = http;
        this.app = app;
        this.threads = Executors.newFixedThreadPool(threads);
    }

    /** Starts {@code threads} senders, each sending at most {@code perThread} reports one after another. */
    public static ReportBurst start(Http http, Personas.App app, int threads, int perThread) {
        ReportBurst burst = new ReportBurst(http, app, threads);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            burst.senders.add(burst.threads.submit(() -> burst.send(thread, perThread)));
        }
        return burst;
    }

    private void send(int thread, int count) {
        for (int i = 0; i < count && !stopping.get(); i++) {
            String clientReportId = "burst-" + run + "-" + thread + "-" + i;
            try {
                record(http.postJson("api/v1/issues", app.auth(), body(clientReportId, i)));
            } catch (RuntimeException e) {
                unanswered.add(clientReportId + ": " + e);
            }
        }
    }

    private void record(Reply reply) {
        if (reply.status() == 201) {
            acknowledged.add(reply.json().getString("id"));
            return;
        }
        String code = null;
        try {
            code = reply.code();
        } catch (RuntimeException e) {
            // not a problem document: the status says enough
        }
        refused.add(new Refusal(reply.status(), code, reply.header("Retry-After").isPresent()));
    }

    private static String body(String clientReportId, int i) {
        return "{\"summary\": \"Sync stuck after crash, kind " + (i % 4) + "\", \"description\": \"burst\""
                + ", \"clientReportId\": \"" + clientReportId + "\""
                + ", \"app\": {\"version\": \"3.0.0\", \"build\": \"7\"}"
                + ", \"device\": {\"model\": \"Pixel 8\", \"os\": \"android\", \"osVersion\": \"15\"}"
                + ", \"events\": [{\"type\": \"sync.blocked\", \"at\": \"2026-11-30T10:00:00Z\"}]}";
    }

    /** Waits until every sender has sent its share (or was stopped). */
    public void awaitFinished(Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(20)).until(() -> senders.stream().allMatch(Future::isDone));
    }

    public void awaitAcknowledged(int atLeast, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(20)).until(() -> acknowledged.size() >= atLeast);
    }

    public void awaitRefused(int atLeast, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(20)).until(() -> refused.size() >= atLeast);
    }

    /** Tells the senders to stop after their current request and waits for them. */
    public void stop(Duration within) {
        stopping.set(true);
        awaitFinished(within);
    }

    public Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    public List<Refusal> refused() {
        return List.copyOf(refused);
    }

    public List<String> unanswered() {
        return List.copyOf(unanswered);
    }

    /**
     * The acknowledged reports Vigil does not have: every acknowledged id missing from the admin
     * export of the app's reports, for each UTC day since the burst started.
     */
    public List<String> lost(Http via, Auth admin) {
        Set<String> stored = new HashSet<>();
        LocalDate last = LocalDate.now(ZoneOffset.UTC);
        for (LocalDate day = firstDay; !day.isAfter(last); day = day.plusDays(1)) {
            Reply export = via.get("api/v1/admin/issues/export?date=" + day + "&app=" + app.id(), admin);
            if (export.status() != 200) {
                throw new IllegalStateException("export of " + day + ": " + export);
            }
            export.body().lines().filter(line -> !line.isBlank()).forEach(line -> {
                try (var reader = Json.createReader(new StringReader(line))) {
                    stored.add(reader.readObject().getString("id"));
                }
            });
        }
        return acknowledged.stream().filter(id -> !stored.contains(id)).sorted().toList();
    }

    @Override
    public void close() {
        stopping.set(true);
        threads.shutdownNow();
    }
}
