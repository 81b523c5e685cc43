package dev.vigil.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Alert raised → webhook received, Vigil beside Debian's Alertmanager 0.25, both delivering to one
 * local receiver (this process) in one run. Each alert has a name of its own, so it is a group of
 * its own and makes one notification (group wait 0 on both).
 * <ol>
 *   <li>Latency: {@code bench.latency.alerts} alerts to each system at {@code bench.latency.rate}
 *       per second, each posted on its own; the time from sending the alert to its webhook
 *       arriving; p50, p99, max.</li>
 *   <li>Throughput: {@code bench.burst.alerts} alerts posted in batches of 100 (Vigil's
 *       {@code /api/v1/alerts/alertmanager}, Alertmanager's {@code /api/v2/alerts}), as fast as
 *       they are taken; notifications per second from the first post to the last webhook;
 *       {@code bench.rounds} rounds, alternating, median.</li>
 * </ol>
 * Run by {@code modules/bench/alerting-bench.sh}, which starts both servers.
 */
public final class AlertingBenchmark {

    private static final Pattern GROUP_NAME = Pattern.compile("\"groupLabels\":\\{[^}]*\"alertname\":\"([^\"]+)\"");
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** First arrival per alert name, in nanoseconds of {@link System#nanoTime()}; and every arrival counted. */
    private static final Map<String, Long> ARRIVED = new ConcurrentHashMap<>();
    private static final Map<String, Integer> ARRIVALS = new ConcurrentHashMap<>();

    private AlertingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String vigil = System.getProperty("bench.vigil", "http://127.0.0.1:19590");
        String appKey = System.getProperty("bench.app-key");
        String adminPassword = System.getProperty("bench.admin-password", "bench-admin-password");
        String alertmanager = System.getProperty("bench.alertmanager", "http://127.0.0.1:19593");
        int receiverPort = Integer.getInteger("bench.receiver-port", 19595);
        int latencyAlerts = Integer.getInteger("bench.latency.alerts", 300);
        int latencyRate = Integer.getInteger("bench.latency.rate", 20);
        int burst = Integer.getInteger("bench.burst.alerts", 2000);
        int rounds = Integer.getInteger("bench.rounds", 3);
        String run = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);

        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", receiverPort), 256);
        receiver.createContext("/", exchange -> {
            long now = System.nanoTime();
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Matcher m = GROUP_NAME.matcher(body);
            if (m.find()) {
                ARRIVED.putIfAbsent(m.group(1), now);
                ARRIVALS.merge(m.group(1), 1, Integer::sum);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        ExecutorService receiving = Executors.newFixedThreadPool(16);
        receiver.setExecutor(receiving);
        receiver.start();
        try {
            setUpVigil(vigil, adminPassword, receiverPort, run);
            System.out.println("bench: latency, " + latencyAlerts + " alerts to each at " + latencyRate + "/s");
            long[][] latency = latency(vigil, appKey, alertmanager, latencyAlerts, latencyRate, run);
            List<Double> vigilRates = new ArrayList<>();
            List<Double> amRates = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                double am = burst(false, alertmanager, null, burst, run + "r" + round);
                double v = burst(true, vigil, appKey, burst, run + "r" + round);
                amRates.add(am);
                vigilRates.add(v);
                System.out.printf("round %d: Alertmanager %.0f notifications/s, Vigil %.0f notifications/s%n", round, am, v);
            }
            System.out.println();
            System.out.println("| system | raise → webhook p50 ms | p99 ms | max ms | notifications/s (median of " + rounds
                    + ") | rounds |");
            System.out.println("|---|---:|---:|---:|---:|---|");
            System.out.println(row("Vigil", latency[0], vigilRates));
            System.out.println(row("Alertmanager 0.25", latency[1], amRates));
            long duplicates = ARRIVALS.values().stream().filter(n -> n > 1).count();
            System.out.println();
            System.out.println("ratio Vigil/Alertmanager notifications/s: "
                    + String.format("%.2f", median(vigilRates) / median(amRates)) + "; alert names notified more than once: "
                    + duplicates);
        } finally {
            receiver.stop(0);
            receiving.shutdownNow();
        }
        System.exit(0); // the HTTP client's threads would keep exec:java waiting
    }

    private static void setUpVigil(String vigil, String adminPassword, int receiverPort, String run) throws Exception {
        String admin = "Basic " + Base64.getEncoder().encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8));
        String channel = "bench-hook-" + run;
        send("POST", vigil + "/api/v1/admin/alerting/channels", admin, "{\"name\": \"" + channel + "\", \"type\": \"webhook\","
                + " \"url\": \"http://127.0.0.1:" + receiverPort + "/vigil\", \"secret\": \"bench-signing-secret-0123456789\"}", 201);
        send("PUT", vigil + "/api/v1/admin/alerting/routes", admin, "{\"receivers\": [{\"name\": \"bench\", \"channels\": [\""
                + channel + "\"]}], \"route\": {\"receiver\": \"bench\", \"groupBy\": [\"alertname\"], \"groupWait\": \"0s\","
                + " \"groupInterval\": \"1s\", \"repeatInterval\": \"4h\"}}", 200);
    }

    /** Latencies in ms, [0] Vigil and [1] Alertmanager, sorted. */
    private static long[][] latency(String vigil, String appKey, String alertmanager, int alerts, int rate, String run)
            throws Exception {
        Map<String, Long> sent = new ConcurrentHashMap<>();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < alerts; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait); // pacing the load generator, not waiting for an effect
            }
            String v = "LatV" + run + "x" + i;
            String a = "LatA" + run + "x" + i;
            senders.submit(() -> {
                sent.put(v, System.nanoTime());
                send("POST", vigil + "/api/v1/alerts", "Bearer " + appKey, "{\"name\": \"" + v + "\", \"severity\": \"warning\"}", 200);
                return null;
            });
            senders.submit(() -> {
                sent.put(a, System.nanoTime());
                send("POST", alertmanager + "/api/v2/alerts", null, "[{\"labels\": {\"alertname\": \"" + a + "\"}}]", 200);
                return null;
            });
        }
        senders.shutdown();
        senders.awaitTermination(5, TimeUnit.MINUTES);
        awaitArrivals(sent.keySet(), Duration.ofSeconds(120));
        long[] v = sent.entrySet().stream().filter(e -> e.getKey().startsWith("LatV"))
                .mapToLong(e -> (ARRIVED.getOrDefault(e.getKey(), Long.MAX_VALUE / 2) - e.getValue()) / 1_000_000).sorted()
                .toArray();
        long[] a = sent.entrySet().stream().filter(e -> e.getKey().startsWith("LatA"))
                .mapToLong(e -> (ARRIVED.getOrDefault(e.getKey(), Long.MAX_VALUE / 2) - e.getValue()) / 1_000_000).sorted()
                .toArray();
        return new long[][] {v, a};
    }

    /** Notifications per second for {@code alerts} alerts of names of their own, posted in batches of 100. */
    private static double burst(boolean vigil, String base, String appKey, int alerts, String run) throws Exception {
        String prefix = (vigil ? "BurstV" : "BurstA") + run + "x";
        List<String> names = new ArrayList<>();
        List<String> batches = new ArrayList<>();
        String now = Instant.now().toString();
        for (int from = 0; from < alerts; from += 100) {
            StringBuilder list = new StringBuilder();
            for (int i = from; i < Math.min(alerts, from + 100); i++) {
                String name = prefix + i;
                names.add(name);
                list.append(list.length() == 0 ? "" : ",");
                list.append(vigil
                        ? "{\"status\": \"firing\", \"labels\": {\"alertname\": \"" + name + "\"}, \"annotations\": {},"
                                + " \"startsAt\": \"" + now + "\", \"endsAt\": \"0001-01-01T00:00:00Z\", \"fingerprint\": \"f" + i + "\"}"
                        : "{\"labels\": {\"alertname\": \"" + name + "\"}}");
            }
            batches.add(vigil
                    ? "{\"version\": \"4\", \"status\": \"firing\", \"receiver\": \"bench\", \"groupKey\": \"{}\", \"truncatedAlerts\": 0,"
                            + " \"groupLabels\": {}, \"commonLabels\": {}, \"commonAnnotations\": {}, \"externalURL\": \"http://bench\","
                            + " \"alerts\": [" + list + "]}"
                    : "[" + list + "]");
        }
        ExecutorService senders = Executors.newFixedThreadPool(4);
        long start = System.nanoTime();
        List<java.util.concurrent.Future<Object>> posted = new ArrayList<>();
        for (String batch : batches) {
            posted.add(senders.submit(() -> {
                if (vigil) {
                    send("POST", base + "/api/v1/alerts/alertmanager", "Bearer " + appKey, batch, 200);
                } else {
                    send("POST", base + "/api/v2/alerts", null, batch, 200);
                }
                return null;
            }));
        }
        for (var future : posted) {
            future.get();
        }
        long accepted = System.nanoTime();
        senders.shutdown();
        awaitArrivals(names, Duration.ofMinutes(5));
        long last = names.stream().mapToLong(n -> ARRIVED.getOrDefault(n, System.nanoTime())).max().orElse(start);
        System.out.printf("bench: %s took %d alerts in %.2f s, notified the last %.2f s after the first post%n",
                vigil ? "Vigil" : "Alertmanager", alerts, (accepted - start) / 1e9, (last - start) / 1e9);
        return alerts / ((last - start) / 1e9);
    }

    private static void awaitArrivals(java.util.Collection<String> names, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            if (names.stream().allMatch(ARRIVED::containsKey)) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        long missing = names.stream().filter(n -> !ARRIVED.containsKey(n)).count();
        System.out.println("bench: " + missing + " of " + names.size() + " notifications never arrived within " + atMost);
    }

    private static void send(String method, String url, String authorization, String body, int expected) throws IOException,
            InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IOException(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static String row(String system, long[] latencies, List<Double> rates) {
        return "| " + system + " | " + percentile(latencies, 50) + " | " + percentile(latencies, 99) + " | "
                + latencies[latencies.length - 1] + " | " + String.format("%.0f", median(rates)) + " | "
                + rates.stream().map(r -> String.format("%.0f", r)).reduce((x, y) -> x + " / " + y).orElse("") + " |";
    }

    private static long percentile(long[] sorted, int p) {
        return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }
}
