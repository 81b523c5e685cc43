package dev.vigil.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.limits.api.Decision;
import dev.vigil.limits.api.Policy;
import dev.vigil.limits.api.RateLimiter;
import dev.vigil.limits.api.RateLimiters;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntPredicate;
import liquibase.Liquibase;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * Rate-limit decisions per second: Vigil's leased limiter against Bucket4j's PostgreSQL
 * select-for-update backend, on the same PostgreSQL and connection pool size, 32 threads, over
 * 1,000 keys and over one hot key. Rounds alternate between the two so drift on a shared machine
 * hits both; the median of the rounds is reported. A last run with a tight limit counts Vigil's
 * admissions per window to check there is no over-admission.
 *
 * <p>Run: {@code mvn -q -pl modules/bench -am install -DskipTests && mvn -q -pl modules/bench exec:java}
 * (system properties {@code bench.pg.url}, {@code bench.seconds}, {@code bench.rounds}).
 */
public final class LimiterBenchmark {

    private static final int THREADS = 32;
    private static final int KEYS = 1_000;

    private LimiterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String url = System.getProperty("bench.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
        int seconds = Integer.getInteger("bench.seconds", 8);
        int rounds = Integer.getInteger("bench.rounds", 3);
        String schema = "vigil_bench";
        prepare(url, schema);
        try (HikariDataSource pool = pool(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema)) {
            migrate(pool);
            ProxyManager<Long> bucket4j = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(pool).build();
            // Limits far above what 8 s can use: this measures the cost of a decision, not refusals.
            Policy roomy = new Policy("bench", 100_000_000, Duration.ofMinutes(10), Policy.FailMode.DENY);
            BucketConfiguration roomyBucket = BucketConfiguration.builder()
                    .addLimit(Bandwidth.builder().capacity(100_000_000).refillIntervally(100_000_000, Duration.ofMinutes(10)).build())
                    .build();

            System.out.printf("Rate-limit decisions/s, %d threads, %d s per round, %d rounds, PostgreSQL %s%n",
                    THREADS, seconds, rounds, url);
            for (String scenario : List.of("1000 keys", "hot key")) {
                IntPredicate pick = scenario.equals("hot key") ? i -> true : i -> false;
                double[] vigil = new double[rounds];
                double[] reference = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    RateLimiter limiter = RateLimiters.leased(pool, Clock.systemUTC());
                    String prefix = "r" + r + "-";
                    vigil[r] = run(seconds, hot -> limiter.acquire(roomy, prefix + key(hot, pick)).allowed());
                    long base = (r + 1) * 1_000_000L;
                    reference[r] = run(seconds, hot -> bucket4j.builder()
                            .build(base + (pick.test(0) ? 0 : ThreadLocalRandom.current().nextInt(KEYS)), () -> roomyBucket)
                            .tryConsume(1));
                }
                double v = median(vigil);
                double b = median(reference);
                System.out.printf("%-10s vigil %,10.0f   bucket4j %,10.0f   ratio %5.1fx   (rounds: vigil %s, bucket4j %s)%n",
                        scenario, v, b, v / b, Arrays.toString(round(vigil)), Arrays.toString(round(reference)));
            }
            overAdmission(pool, seconds);
        }
    }

    private static String key(boolean hotUnused, IntPredicate hot) {
        return hot.test(0) ? "hot" : "k" + ThreadLocalRandom.current().nextInt(KEYS);
    }

    /** Tight limits on the hot key and on 1,000 keys: admissions per window never exceed the limit. */
    private static void overAdmission(HikariDataSource pool, int seconds) throws Exception {
        for (String scenario : List.of("1000 keys", "hot key")) {
            boolean hot = scenario.equals("hot key");
            Policy tight = new Policy("tight", hot ? 500 : 20, Duration.ofSeconds(1), Policy.FailMode.DENY);
            RateLimiter limiter = RateLimiters.leased(pool, Clock.systemUTC());
            Map<String, LongAdder> admitted = new ConcurrentHashMap<>();
            String run = "o" + System.nanoTime() + "-";
            LongAdder decisions = new LongAdder();
            run(seconds, unused -> {
                String key = run + (hot ? "hot" : "k" + ThreadLocalRandom.current().nextInt(KEYS));
                Decision d = limiter.acquire(tight, key);
                decisions.increment();
                if (d.allowed()) {
                    admitted.computeIfAbsent(key + "@" + d.windowStart(), k -> new LongAdder()).increment();
                }
                return d.allowed();
            });
            long over = admitted.values().stream().filter(a -> a.sum() > tight.max()).count();
            long max = admitted.values().stream().mapToLong(LongAdder::sum).max().orElse(0);
            System.out.printf("over-admission, %-9s limit %d/s: %,d decisions, %,d key-windows, max admitted %d, windows over the limit: %d%n",
                    scenario, tight.max(), decisions.sum(), admitted.size(), max, over);
            if (over > 0) {
                throw new IllegalStateException("over-admission detected");
            }
        }
    }

    /** Runs the decision on 32 threads for the given seconds after a 2 s warm-up; returns decisions/s. */
    private static double run(int seconds, java.util.function.Predicate<Boolean> decide) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        LongAdder counted = new LongAdder();
        long warmEnd = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        long end = warmEnd + Duration.ofSeconds(seconds).toNanos();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            workers.add(threads.submit(() -> {
                long now;
                while ((now = System.nanoTime()) < end) {
                    decide.test(Boolean.TRUE);
                    if (now > warmEnd) {
                        counted.increment();
                    }
                }
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        threads.shutdown();
        return counted.sum() / (double) seconds;
    }

    private static void prepare(String url, String schema) throws Exception {
        try (Connection c = java.sql.DriverManager.getConnection(url, user(), password());
             Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + schema + " cascade");
            s.execute("create schema " + schema);
            s.execute("create table " + schema + ".bucket (id bigint primary key, state bytea)");
        }
    }

    private static void migrate(HikariDataSource pool) throws Exception {
        try (Connection c = pool.getConnection()) {
            var database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            try (var liquibase = new Liquibase("liquibase/limits/changelog.xml", new ClassLoaderResourceAccessor(),
                    database)) {
                liquibase.update("");
            }
        }
    }

    private static HikariDataSource pool(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user());
        config.setPassword(password());
        config.setMaximumPoolSize(THREADS);
        return new HikariDataSource(config);
    }

    private static String user() {
        return System.getProperty("bench.pg.user", "postgres");
    }

    private static String password() {
        return System.getProperty("bench.pg.password", "postgres");
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long[] round(double[] values) {
        return Arrays.stream(values).mapToLong(Math::round).toArray();
    }
}
