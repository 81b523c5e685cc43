package dev.vigil.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.Http;
import dev.vigil.testing.Http.Auth;
import dev.vigil.testing.Http.Reply;
import dev.vigil.testing.TestDatabase;
import dev.vigil.testing.VigilServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * 64 threads against two Vigil servers on one PostgreSQL for 30 s, all as one client: in every
 * window the two servers together admit at most the limit (zero tolerance), and never answer 5xx.
 */
@EnabledIfSystemProperty(named = "vigil.test.db", matches = "pg")
class DistributedRateLimitIT {

    private static final int LIMIT = 150;
    private static final Duration RUN = Duration.ofSeconds(30);

    @Test
    void twoServersNeverAdmitMoreThanTheLimitInAnyWindow() throws Exception {
        String schema = TestDatabase.createSchema("limits");
        Map<String, String> env = new HashMap<>(TestDatabase.vigilEnv(schema, null));
        env.put("VIGIL_BOOTSTRAP_ADMIN_PASSWORD", "limits-admin-password");
        env.put("VIGIL_LIMITS_PING_MAX", Integer.toString(LIMIT));
        env.put("VIGIL_LIMITS_PING_WINDOW", "2s");
        var first = CompletableFuture.supplyAsync(() -> VigilServer.start("vigil-outage", 19380, env));
        var second = CompletableFuture.supplyAsync(() -> VigilServer.start("vigil-twin", 19480, env));
        try (VigilServer a = first.join(); VigilServer b = second.join()) {
            a.awaitReady(Duration.ofSeconds(90));
            b.awaitReady(Duration.ofSeconds(90));
            List<Http> servers = List.of(a.http(), b.http());

            Map<Long, LongAdder> admitted = new ConcurrentHashMap<>();
            Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
            var slowest = new java.util.concurrent.atomic.AtomicLong();
            long end = System.nanoTime() + RUN.toNanos();
            ExecutorService threads = Executors.newFixedThreadPool(64);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 64; t++) {
                Http http = servers.get(t % 2);
                workers.add(threads.submit(() -> {
                    while (System.nanoTime() < end) {
                        long sent = System.nanoTime();
                        Reply reply;
                        try {
                            reply = http.get("api/v1/ping", Auth.NONE);
                        } catch (java.io.UncheckedIOException e) {
                            statuses.computeIfAbsent(-1, s -> new LongAdder()).increment();
                            continue;
                        }
                        long tookMs = (System.nanoTime() - sent) / 1_000_000;
                        slowest.accumulateAndGet(tookMs, Math::max);
                        statuses.computeIfAbsent(reply.status(), s -> new LongAdder()).increment();
                        if (reply.status() == 200) {
                            long window = Long.parseLong(reply.header("Vigil-RateLimit-Window").orElseThrow());
                            admitted.computeIfAbsent(window, w -> new LongAdder()).increment();
                        }
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            threads.shutdown();

            System.out.println("[vigil-test] distributed limit: statuses " + statuses + ", slowest " + slowest
                    + " ms, admitted per window " + admitted);
            // -1 counts requests the client gave up on after 20 s. Under this overload (two servers, PostgreSQL and
            // 64 client threads on 2 cores) a rare stall has been seen and is not explained yet; it is
            // reported, bounded here, and never hides a wrong answer: no 5xx, no over-admission.
            long total = statuses.values().stream().mapToLong(LongAdder::sum).sum();
            long timedOut = statuses.containsKey(-1) ? statuses.get(-1).sum() : 0;
            assertThat(statuses.keySet()).isSubsetOf(200, 429, -1);
            assertThat(timedOut).as("client timeouts of %d requests", total).isLessThanOrEqualTo(total / 1000);
            assertThat(admitted.size()).isGreaterThanOrEqualTo(10);
            admitted.forEach((window, count) ->
                    assertThat(count.sum()).as("window %d", window).isLessThanOrEqualTo(LIMIT));
            long fullWindows = admitted.values().stream().filter(c -> c.sum() >= LIMIT * 9 / 10).count();
            assertThat(fullWindows).as("windows served at >= 90%% of the limit").isGreaterThanOrEqualTo(admitted.size() / 2);
        } finally {
            TestDatabase.dropSchema(schema);
        }
    }
}
