package dev.vigil.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.BlackBox;
import dev.vigil.testing.Http;
import dev.vigil.testing.Http.Auth;
import dev.vigil.testing.TestDatabase;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Attacker-chosen paths cannot grow the limiter's memory or erase a lockout: 250,000 webhook
 * deliveries from one address, each to a made-up source name of its own, share one rate-limit key
 * (every unknown source does), so the webhook policy's tracked keys grow by at most that one and stay
 * under the bound; then a user's 101st bad login from one address is still refused, and a ping
 * answers about as fast as before. (Keys from many addresses, which do fill the bound, and the ping
 * latency are measured in the bench, {@code modules/bench/limiter-keys-bench.sh}; the bound under
 * concurrency in {@code LeasedRateLimiterTest}.) Run on H2 only: the limiter's memory does not
 * depend on the database.
 */
@ExtendWith(BlackBox.class)
class LimiterMemoryIT {

    private static final int DELIVERIES = 250_000;
    private static final int BOUND = 100_000;
    private static final int THREADS = 16;
    private static final Pattern TRACKED = Pattern.compile(
            "^vigil_ratelimit_tracked_keys\\{[^}]*policy=\"webhook\"[^}]*} ([0-9.E]+)", Pattern.MULTILINE);

    private final Http http = BlackBox.http();

    @Test
    void madeUpPathsShareOneKeyAndALockoutHolds() throws Exception {
        Assumptions.assumeFalse(TestDatabase.postgres(), "the limiter's memory does not depend on the database");
        String prefix = "made-up-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        // From the shared address space 100.64.0.0/10, which no other test uses (FuzzIT's made-up
        // clients, with their failed logins, come from 198.18.0.0/15).
        String address = "100.64." + ThreadLocalRandom.current().nextInt(256) + "." + ThreadLocalRandom.current()
                .nextInt(256);
        long pingBefore = medianPingMicros();
        double trackedBefore = tracked();

        Map<Integer, Integer> statuses = flood(prefix, address);

        double trackedAfter = tracked();
        Auth wrong = Auth.basic("flooded-" + UUID.randomUUID().toString().substring(0, 8), "not-the-password");
        List<Integer> logins = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            logins.add(http.getFrom(address, "api/v1/me", wrong).status());
        }
        long pingAfter = medianPingMicros();
        System.out.println("[vigil-test] limiter memory: " + DELIVERIES + " made-up webhook paths " + statuses
                + ", webhook keys tracked " + (long) trackedBefore + " before, " + (long) trackedAfter
                + " after; ping median " + pingBefore + " us before, " + pingAfter + " us after");

        assertThat(statuses.keySet()).as("an unknown source is refused or limited, never failed")
                .isSubsetOf(403, 429);
        assertThat(statuses.getOrDefault(429, 0)).as("all of them share one quota").isGreaterThan(DELIVERIES / 2);
        assertThat(trackedAfter).as("webhook keys tracked").isLessThanOrEqualTo(BOUND)
                .isLessThanOrEqualTo(trackedBefore + 1);
        assertThat(logins.subList(0, 100)).containsOnly(401);
        assertThat(logins.get(100)).as("the 101st bad login").isEqualTo(429);
        assertThat(pingAfter).as("ping median (us), before: " + pingBefore).isLessThan(pingBefore * 5 + 20_000);
    }

    private Map<Integer, Integer> flood(String prefix, String address) {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        try {
            List<CompletableFuture<Void>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                workers.add(CompletableFuture.runAsync(() -> {
                    for (int i = next.getAndIncrement(); i < DELIVERIES; i = next.getAndIncrement()) {
                        int status = http.send("POST", "api/v1/webhooks/" + prefix + i, Auth.NONE, "application/json",
                                HttpRequest.BodyPublishers.ofString("{}"), Map.of("X-Forwarded-For", address)).status();
                        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                    }
                }, pool));
            }
            workers.forEach(CompletableFuture::join);
        } finally {
            pool.shutdown();
        }
        Map<Integer, Integer> counted = new TreeMap<>();
        statuses.forEach((status, count) -> counted.put(status, count.get()));
        return counted;
    }

    private double tracked() {
        Matcher gauge = TRACKED.matcher(http.get("metrics", Auth.NONE).body());
        assertThat(gauge.find()).as("vigil_ratelimit_tracked_keys{policy=\"webhook\"} in /metrics").isTrue();
        return Double.parseDouble(gauge.group(1));
    }

    /** The median of 200 pings, each from an address of its own (the ping limit is per address). */
    private long medianPingMicros() {
        List<Long> micros = new ArrayList<>();
        String network = "100.65." + ThreadLocalRandom.current().nextInt(256) + ".";
        for (int i = 0; i < 200; i++) {
            long started = System.nanoTime();
            int status = http.getFrom(network + (i % 250), "api/v1/ping", Auth.NONE).status();
            micros.add((System.nanoTime() - started) / 1_000);
            assertThat(status).isEqualTo(200);
        }
        micros.sort(null);
        return micros.get(micros.size() / 2);
    }
}
