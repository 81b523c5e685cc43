package dev.vigil.bench;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;

/**
 * PostgreSQL's own ceiling for the rows a telemetry batch writes, beside Vigil's endpoint in the same
 * run (telemetry-bench.sh): {@code bench.threads} connections, each committing batches of 100 events
 * for {@code bench.seconds}, into copies of Vigil's tables (schema {@code bench.schema}).
 * <ul>
 * <li>{@code insert}: what Vigil's store does, from a plain JDBC loop: one multi-row
 *     {@code insert ... on conflict do nothing returning} of the events, one multi-row upsert of their
 *     per-minute sums, a commit;</li>
 * <li>{@code copy}: the events alone through {@code COPY}, a commit per 100: no dedup, no sums.</li>
 * </ul>
 * Prints {@code RESULT events_per_s=...}.
 */
public final class TelemetryCeilingBenchmark {

    private static final String[] SIGNALS = {"sync_queue_block_events", "sync_queue_recovery_events",
        "sync_queue_blocked_mutations", "capture_persistence_primary_failures", "capture_persistence_recoveries",
        "upload.queued", "upload.retry", "upload.succeeded", "upload.failed", "edge.model.fallback_used"};
    private static final String[] VERSIONS = {"3.4.0", "3.4.1", "3.5.0"};

    private TelemetryCeilingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String url = System.getProperty("bench.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
        String schema = System.getProperty("bench.schema", "vigil_bench_telemetry");
        String mode = System.getProperty("bench.mode", "insert");
        int threads = Integer.parseInt(System.getProperty("bench.threads", "8"));
        int seconds = Integer.parseInt(System.getProperty("bench.seconds", "20"));
        try (Connection c = connect(url, schema); Statement s = c.createStatement()) {
            s.execute("drop table if exists ceiling_event, ceiling_minute");
            s.execute("create table ceiling_event (like ingest_telemetry_event including all)");
            s.execute("create table ceiling_minute (like ingest_telemetry_minute including all)");
        }
        AtomicLong events = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        String run = Long.toString(System.nanoTime(), 36);
        for (int t = 0; t < threads; t++) {
            String prefix = run + "-" + t + "-";
            Thread worker = new Thread(() -> {
                try (Connection c = connect(url, schema)) {
                    c.setAutoCommit(false);
                    long batch = 0;
                    while (!stop.get()) {
                        long n = mode.equals("copy") ? copy(c, prefix, batch++) : insert(c, prefix, batch++);
                        c.commit();
                        events.addAndGet(n);
                    }
                } catch (SQLException | java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            workers.add(worker);
            worker.start();
        }
        long started = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        long done = events.get();
        double elapsed = (System.nanoTime() - started) / 1e9;
        for (Thread worker : workers) {
            worker.join();
        }
        try (Connection c = connect(url, schema); Statement s = c.createStatement()) {
            s.execute("drop table if exists ceiling_event, ceiling_minute");
        }
        System.out.printf("RESULT events_per_s=%.0f mode=%s threads=%d%n", done / elapsed, mode, threads);
    }

    private static Connection connect(String url, String schema) throws SQLException {
        Connection c = DriverManager.getConnection(url, System.getProperty("bench.pg.user", "postgres"),
                System.getProperty("bench.pg.password", "postgres"));
        try (Statement s = c.createStatement()) {
            s.execute("set search_path to " + schema);
        }
        return c;
    }

    private static long insert(Connection c, String prefix, long batch) throws SQLException {
        long now = System.currentTimeMillis() - 60_000;
        StringBuilder sql = new StringBuilder("insert into ceiling_event (app_id, event_id, signal, app_version, platform,"
                + " session_id, user_id, occurred_at, event_value, status, attributes, received_at) values ");
        for (int i = 0; i < 100; i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        }
        sql.append(" on conflict (app_id, event_id) do nothing returning event_id, signal, app_version, occurred_at,"
                + " event_value");
        Map<String, long[]> sums = new TreeMap<>();
        try (PreparedStatement insert = c.prepareStatement(sql.toString())) {
            int p = 1;
            for (int i = 0; i < 100; i++) {
                insert.setString(p++, "bench-app");
                insert.setString(p++, prefix + batch + "-" + i);
                insert.setString(p++, SIGNALS[i % SIGNALS.length]);
                insert.setString(p++, VERSIONS[(int) (batch % VERSIONS.length)]);
                insert.setString(p++, "android");
                insert.setString(p++, prefix + batch);
                insert.setString(p++, null);
                insert.setLong(p++, now + i);
                insert.setLong(p++, 1);
                insert.setString(p++, null);
                insert.setString(p++, i % 10 == 0 ? "{\"kind\":\"run\",\"attempt\":2}" : null);
                insert.setLong(p++, now);
            }
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    long[] sum = sums.computeIfAbsent(rs.getString(3) + "\n" + rs.getString(2) + "\n"
                            + Math.floorDiv(rs.getLong(4), 60_000L), k -> new long[2]);
                    sum[0] += rs.getLong(5);
                    sum[1]++;
                }
            }
        }
        if (!sums.isEmpty()) {
            StringBuilder upsert = new StringBuilder("insert into ceiling_minute (app_id, app_version, signal, at_minute, total,"
                    + " samples) values ");
            for (int i = 0; i < sums.size(); i++) {
                upsert.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?)");
            }
            upsert.append(" on conflict (app_id, app_version, signal, at_minute) do update set"
                    + " total = ceiling_minute.total + excluded.total, samples = ceiling_minute.samples + excluded.samples");
            try (PreparedStatement statement = c.prepareStatement(upsert.toString())) {
                int p = 1;
                for (Map.Entry<String, long[]> sum : sums.entrySet()) {
                    String[] key = sum.getKey().split("\n");
                    statement.setString(p++, "bench-app");
                    statement.setString(p++, key[0]);
                    statement.setString(p++, key[1]);
                    statement.setLong(p++, Long.parseLong(key[2]));
                    statement.setLong(p++, sum.getValue()[0]);
                    statement.setLong(p++, sum.getValue()[1]);
                }
                statement.executeUpdate();
            }
        }
        return 100;
    }

    private static long copy(Connection c, String prefix, long batch) throws SQLException, java.io.IOException {
        long now = System.currentTimeMillis() - 60_000;
        StringBuilder rows = new StringBuilder(100 * 120);
        for (int i = 0; i < 100; i++) {
            rows.append("bench-app\t").append(prefix).append(batch).append('-').append(i).append('\t')
                    .append(SIGNALS[i % SIGNALS.length]).append('\t').append(VERSIONS[(int) (batch % VERSIONS.length)])
                    .append("\tandroid\t").append(prefix).append(batch).append("\t\\N\t").append(now + i).append("\t1\t\\N\t")
                    .append(i % 10 == 0 ? "{\"kind\":\"run\",\"attempt\":2}" : "\\N").append('\t').append(now).append('\n');
        }
        return c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy ceiling_event (app_id, event_id, signal,"
                + " app_version, platform, session_id, user_id, occurred_at, event_value, status, attributes, received_at)"
                + " from stdin", new StringReader(rows.toString()));
    }
}
