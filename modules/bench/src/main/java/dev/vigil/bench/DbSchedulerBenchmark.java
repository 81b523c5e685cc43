package dev.vigil.bench;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.event.AbstractSchedulerListener;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The work queue's reference: db-scheduler on PostgreSQL running N one-time no-op tasks, all due now,
 * with one and with two scheduler instances (two {@link Scheduler}s in this JVM, each with its own
 * HikariCP pool, standing for two servers). Jobs/s = N / (time from the start of scheduling to the
 * moment the N-th task has executed). Also reported: the rate to the N-th completion (the task's row
 * deleted, which is when db-scheduler's work on it is done).
 *
 * <p>db-scheduler is set up as its users would for throughput: {@code pollUsingLockAndFetch}
 * (PostgreSQL: one {@code UPDATE ... WHERE (..) IN (SELECT .. FOR UPDATE SKIP LOCKED LIMIT n)
 * RETURNING}), a short poll interval, {@code enableImmediateExecution()}, no shutdown hook. The N
 * tasks are scheduled with {@code scheduleBatch} (JDBC batch inserts of {@code bench.batch}) through
 * the first instance, as the server receiving a drill would. Rounds alternate between the setups so
 * drift on a shared machine hits all of them; medians are reported. Every task id is counted: a task
 * run twice or never fails the benchmark.
 *
 * <p>Run: {@code mvn -q -B -pl modules/bench -am install -DskipTests && mvn -q -B -pl modules/bench
 * exec:java -Dbench.main=dev.vigil.bench.DbSchedulerBenchmark}. System properties: {@code bench.pg.url},
 * {@code bench.jobs} (10,000), {@code bench.rounds} (3), {@code bench.instances} (1,2),
 * {@code bench.threads} (4,8,16, per instance), {@code bench.pollMs} (25), {@code bench.immediate}
 * (true), {@code bench.lockAndFetch} (lower and upper limit as fractions of the threads, 2.0,8.0: fetch
 * up to 8 x threads at a time, again as soon as 2 x threads are left; db-scheduler's own default,
 * 0.5,1.0, ran at a third to a half of that in a pilot), {@code bench.batch} (1,000),
 * {@code bench.warmup} (jobs in an unmeasured first round, 2,000), {@code bench.timeoutSeconds} (300).
 */
public final class DbSchedulerBenchmark {

    private static final String SCHEMA = "vigil_bench_queue";
    private static final String TASK = "bench-noop";
    /** Strong references, or java.util.logging forgets the levels. */
    private static final List<Logger> QUIETED = new ArrayList<>();

    private DbSchedulerBenchmark() {
    }

    /** One way of running db-scheduler. */
    record Setup(int instances, int threads, int pollMs, boolean immediate, double lower, double upper) {
        String label() {
            return String.format("db-scheduler %s, %d instance%s, %d threads, lock-and-fetch (%s, %s), poll %d ms%s",
                    version(), instances, instances == 1 ? "" : "s", threads, fraction(lower), fraction(upper), pollMs,
                    immediate ? ", immediate execution" : "");
        }
    }

    /** What one round measured. */
    record Round(double executedPerSecond, double completedPerSecond, double scheduleSeconds, int duplicates,
            int missing, long failures, long rowsLeft) {
    }

    public static void main(String[] args) throws Exception {
        quietLogging();
        String url = System.getProperty("bench.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
        int jobs = Integer.getInteger("bench.jobs", 10_000);
        int rounds = Integer.getInteger("bench.rounds", 3);
        int batch = Integer.getInteger("bench.batch", 1_000);
        int warmup = Integer.getInteger("bench.warmup", 2_000);
        int timeout = Integer.getInteger("bench.timeoutSeconds", 300);
        boolean immediate = Boolean.parseBoolean(System.getProperty("bench.immediate", "true"));
        double[] limits = doubles(System.getProperty("bench.lockAndFetch", "2.0,8.0"));
        List<Setup> setups = new ArrayList<>();
        for (int instances : ints(System.getProperty("bench.instances", "1,2"))) {
            for (int threads : ints(System.getProperty("bench.threads", "4,8,16"))) {
                for (int pollMs : ints(System.getProperty("bench.pollMs", "25"))) {
                    setups.add(new Setup(instances, threads, pollMs, immediate, limits[0], limits[1]));
                }
            }
        }
        String schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;

        System.out.printf("db-scheduler %s, %,d one-time no-op tasks due now, scheduled in batches of %,d, %d rounds, "
                + "PostgreSQL %s, schema %s%n", version(), jobs, batch, rounds, url, SCHEMA);
        prepare(url);
        try {
            if (warmup > 0) {
                Round w = round(new Setup(1, 8, 25, immediate, limits[0], limits[1]), warmup, batch, schemaUrl, timeout);
                System.out.printf("warm-up: %,d jobs, %,.0f jobs/s (not counted)%n", warmup, w.executedPerSecond());
            }
            Round[][] results = new Round[setups.size()][rounds];
            // Rounds outside, setups inside: drift on this shared machine hits every setup alike.
            for (int r = 0; r < rounds; r++) {
                for (int s = 0; s < setups.size(); s++) {
                    Round result = round(setups.get(s), jobs, batch, schemaUrl, timeout);
                    results[s][r] = result;
                    System.out.printf("round %d  %-100s %,7.0f jobs/s executed, %,7.0f completed (scheduling took %.2f s), "
                            + "duplicates %d, missing %d, failures %d, rows left %d%n",
                            r + 1, setups.get(s).label(), result.executedPerSecond(), result.completedPerSecond(),
                            result.scheduleSeconds(), result.duplicates(), result.missing(), result.failures(),
                            result.rowsLeft());
                }
            }
            report(setups, results, jobs);
        } finally {
            if (!Boolean.getBoolean("bench.keep")) {
                drop(url);
            }
        }
    }

    private static void report(List<Setup> setups, Round[][] results, int jobs) {
        System.out.println();
        System.out.printf("Jobs/s = %,d / (start of scheduling -> the %,d-th task executed), median of %d rounds:%n%n",
                jobs, jobs, results[0].length);
        System.out.println("| setup | jobs/s (median) | rounds |");
        System.out.println("|---|---:|---|");
        for (int s = 0; s < setups.size(); s++) {
            double[] executed = Arrays.stream(results[s]).mapToDouble(Round::executedPerSecond).toArray();
            System.out.printf("| %s | %,.0f | rounds %s |%n", setups.get(s).label(), median(executed), joined(executed));
        }
        System.out.println();
        System.out.println("To the last completion (its row deleted), and the exactly-once check over all rounds:");
        System.out.println();
        System.out.println("| setup | jobs/s completed (median) | rounds | scheduling s (median) | duplicates | missing | failures |");
        System.out.println("|---|---:|---|---:|---:|---:|---:|");
        int duplicates = 0;
        int missing = 0;
        for (int s = 0; s < setups.size(); s++) {
            Round[] rs = results[s];
            double[] completed = Arrays.stream(rs).mapToDouble(Round::completedPerSecond).toArray();
            double[] scheduling = Arrays.stream(rs).mapToDouble(Round::scheduleSeconds).toArray();
            int d = Arrays.stream(rs).mapToInt(Round::duplicates).sum();
            int m = Arrays.stream(rs).mapToInt(Round::missing).sum();
            long f = Arrays.stream(rs).mapToLong(Round::failures).sum();
            duplicates += d;
            missing += m;
            System.out.printf("| %s | %,.0f | rounds %s | %.2f | %d | %d | %d |%n", setups.get(s).label(),
                    median(completed), joined(completed), median(scheduling), d, m, f);
        }
        System.out.println();
        for (int instances : setups.stream().mapToInt(Setup::instances).distinct().toArray()) {
            int best = -1;
            double bestMedian = -1;
            for (int s = 0; s < setups.size(); s++) {
                double m = median(Arrays.stream(results[s]).mapToDouble(Round::executedPerSecond).toArray());
                if (setups.get(s).instances() == instances && m > bestMedian) {
                    best = s;
                    bestMedian = m;
                }
            }
            System.out.printf("best with %d instance%s: %s, %,.0f jobs/s%n", instances, instances == 1 ? "" : "s",
                    setups.get(best).label(), bestMedian);
        }
        System.out.printf("duplicates (a task executed more than once), all rounds: %d; missing: %d%n", duplicates, missing);
        if (duplicates > 0 || missing > 0) {
            throw new IllegalStateException("db-scheduler did not run every task exactly once");
        }
    }

    /** One round: fresh table contents, schedulers and pools; schedule N tasks, wait for all of them, stop. */
    private static Round round(Setup setup, int jobs, int batch, String schemaUrl, int timeoutSeconds) throws Exception {
        try (Connection c = DriverManager.getConnection(schemaUrl, user(), password());
             Statement s = c.createStatement()) {
            s.execute("truncate table scheduled_tasks");
        }
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>(jobs * 2);
        AtomicLong executed = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicLong executedAt = new AtomicLong();
        AtomicLong completedAt = new AtomicLong();
        CountDownLatch allExecuted = new CountDownLatch(1);
        CountDownLatch allCompleted = new CountDownLatch(1);
        OneTimeTask<Void> task = Tasks.oneTime(TASK).execute((instance, context) -> {
            runs.computeIfAbsent(instance.getId(), id -> new AtomicInteger()).incrementAndGet();
            if (executed.incrementAndGet() == jobs) {
                executedAt.set(System.nanoTime());
                allExecuted.countDown();
            }
        });
        AbstractSchedulerListener completions = new AbstractSchedulerListener() {
            @Override
            public void onExecutionComplete(ExecutionComplete complete) {
                if (complete.getResult() != ExecutionComplete.Result.OK) {
                    failures.incrementAndGet();
                }
                if (completed.incrementAndGet() == jobs) {
                    completedAt.set(System.nanoTime());
                    allCompleted.countDown();
                }
            }
        };

        List<HikariDataSource> pools = new ArrayList<>();
        List<Scheduler> schedulers = new ArrayList<>();
        try {
            for (int i = 0; i < setup.instances(); i++) {
                // The executor's threads each complete (delete) on a connection of their own, plus the
                // due-executor's lock-and-fetch, the housekeeper and the client's inserts.
                HikariDataSource pool = pool(schemaUrl, setup.threads() + 3, "bench-" + (char) ('a' + i));
                pools.add(pool);
                SchedulerBuilder builder = Scheduler.create(pool, task)
                        .schedulerName(new SchedulerName.Fixed("bench-" + (char) ('a' + i)))
                        .threads(setup.threads())
                        .pollingInterval(Duration.ofMillis(setup.pollMs()))
                        .pollUsingLockAndFetch(setup.lower(), setup.upper())
                        .shutdownMaxWait(Duration.ofSeconds(30))
                        .addSchedulerListener(completions);
                if (setup.immediate()) {
                    builder.enableImmediateExecution();
                }
                schedulers.add(builder.build()); // no registerShutdownHook(): it is off unless asked for
            }
            schedulers.forEach(Scheduler::start);
            Thread.sleep(500); // the "servers" are up and polling an empty table before the drill arrives

            Scheduler receiving = schedulers.get(0);
            long start = System.nanoTime();
            List<TaskInstance<?>> chunk = new ArrayList<>(batch);
            for (int i = 0; i < jobs; i++) {
                chunk.add(task.instance(Integer.toString(i)));
                if (chunk.size() == batch || i == jobs - 1) {
                    receiving.scheduleBatch(chunk, Instant.now());
                    chunk = new ArrayList<>(batch);
                }
            }
            long scheduled = System.nanoTime();
            if (!allExecuted.await(timeoutSeconds, TimeUnit.SECONDS)
                    || !allCompleted.await(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new IllegalStateException(String.format("%s: %,d of %,d executed, %,d completed after %d s",
                        setup.label(), executed.get(), jobs, completed.get(), timeoutSeconds));
            }
            double executedSeconds = (executedAt.get() - start) / 1e9;
            double completedSeconds = (completedAt.get() - start) / 1e9;

            // Stop cleanly, then look for late runs and leftover rows.
            schedulers.forEach(Scheduler::stop);
            schedulers.clear();
            int duplicates = runs.values().stream().mapToInt(n -> n.get() - 1).filter(n -> n > 0).sum();
            int missing = jobs - runs.size();
            return new Round(jobs / executedSeconds, jobs / completedSeconds, (scheduled - start) / 1e9, duplicates,
                    missing, failures.get(), rowsLeft(pools.get(0)));
        } finally {
            schedulers.forEach(Scheduler::stop);
            pools.forEach(HikariDataSource::close);
        }
    }

    private static long rowsLeft(HikariDataSource pool) throws Exception {
        try (Connection c = pool.getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from scheduled_tasks")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * db-scheduler's standard PostgreSQL table, as {@code db-scheduler/src/test/resources/postgresql_tables.sql}
     * has it at v16.7.1 (with {@code priority}, which 16.x reads when priority is enabled; unused here).
     */
    private static void prepare(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user(), password());
             Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + SCHEMA + " cascade");
            s.execute("create schema " + SCHEMA);
            s.execute("set search_path to " + SCHEMA);
            s.execute("""
                    create table scheduled_tasks (
                      task_name text not null,
                      task_instance text not null,
                      task_data bytea,
                      execution_time timestamp with time zone not null,
                      picked BOOLEAN not null,
                      picked_by text,
                      last_success timestamp with time zone,
                      last_failure timestamp with time zone,
                      consecutive_failures INT,
                      last_heartbeat timestamp with time zone,
                      version BIGINT not null,
                      priority SMALLINT,
                      PRIMARY KEY (task_name, task_instance)
                    )""");
            s.execute("CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time)");
            s.execute("CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat)");
            s.execute("CREATE INDEX priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc)");
        }
    }

    private static void drop(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user(), password());
             Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    private static HikariDataSource pool(String url, int size, String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user());
        config.setPassword(password());
        config.setMaximumPoolSize(size);
        config.setPoolName(name);
        return new HikariDataSource(config);
    }

    /** db-scheduler logs each scheduler's start and stop at INFO, HikariCP each pool's: only warnings pass. */
    private static void quietLogging() {
        for (String name : List.of("com.github.kagkarlsson", "com.zaxxer.hikari")) {
            Logger logger = Logger.getLogger(name);
            logger.setLevel(Level.WARNING);
            QUIETED.add(logger);
        }
    }

    private static String version() {
        try (InputStream in = Scheduler.class.getResourceAsStream(
                "/META-INF/maven/com.github.kagkarlsson/db-scheduler/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "16.7.1");
            }
        } catch (Exception e) {
            // the declared one, then
        }
        return "16.7.1";
    }

    private static String user() {
        return System.getProperty("bench.pg.user", "postgres");
    }

    private static String password() {
        return System.getProperty("bench.pg.password", "postgres");
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }

    private static double[] doubles(String csv) {
        double[] values = Arrays.stream(csv.split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray();
        if (values.length != 2) {
            throw new IllegalArgumentException("bench.lockAndFetch: lower,upper (fractions of the threads), got " + csv);
        }
        return values;
    }

    private static String fraction(double value) {
        return value == Math.rint(value) ? String.format("%.1f", value) : String.valueOf(value);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String joined(double[] values) {
        StringBuilder out = new StringBuilder();
        for (double v : values) {
            out.append(out.length() == 0 ? "" : " / ").append(String.format("%,.0f", v));
        }
        return out.toString();
    }
}
