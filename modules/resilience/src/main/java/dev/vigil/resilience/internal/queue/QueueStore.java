package dev.vigil.resilience.internal.queue;

import dev.vigil.resilience.api.JobRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The queue's hot path in plain JDBC: insert, claim, finish. Outside the guarded bean on purpose:
 * an enqueue runs in the transaction of whoever queues the work (an app's request, a timer), and a
 * claim or a finish moves thousands of jobs a second in batches. Admin reads and changes go through
 * {@code QueueData}.
 *
 * <p>A claim takes queued jobs of one kind that are due, oldest first: on PostgreSQL in one
 * {@code UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED) RETURNING}, so two servers
 * never claim the same job and never wait for each other; elsewhere (H2) with a conditional update
 * ({@code AND state = 'queued'}) followed by a read of the claim's token.
 */
public class QueueStore {

    static final String QUEUED = "queued";
    static final String RUNNING = "running";
    static final String DEAD = "dead";

    /** A job as claimed: the lease's token and expiry come with it. */
    public record Claimed(String id, String kind, String partitionKey, String payload, int attempt, int maxAttempts,
            long createdAt, long expiresAt, String token, long leaseExpiresAt) {
    }

    /** A new job's row. */
    public record NewJob(String id, JobRequest request, int maxAttempts, long createdAt, long availableAt,
            long expiresAt) {
    }

    /** Jobs of one kind in one state; {@code oldestCreatedAt} is 0 when there are none. */
    public record Count(String kind, String state, long jobs, long oldestCreatedAt) {
    }

    private static final String COLUMNS = "id, kind, partition_key, payload, attempt, max_attempts, created_at, expires_at";

    private final DataSource dataSource;
    private volatile Boolean postgres;

    public QueueStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void insert(List<NewJob> jobs) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement("insert into resilience_job (id, kind, partition_key,"
                     + " payload, state, attempt, max_attempts, created_at, available_at, expires_at)"
                     + " values (?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?)")) {
            for (NewJob job : jobs) {
                insert.setString(1, job.id());
                insert.setString(2, job.request().kind());
                insert.setString(3, job.request().partitionKey());
                insert.setString(4, job.request().payload());
                insert.setInt(5, job.maxAttempts());
                insert.setLong(6, job.createdAt());
                insert.setLong(7, job.availableAt());
                insert.setLong(8, job.expiresAt());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Claims up to {@code limit} due jobs of a kind for this server, each attempt counted at the claim. */
    public List<Claimed> claim(String kind, int limit, String owner, String token, long now, long leaseUntil)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (isPostgres(c)) {
                try (PreparedStatement claim = c.prepareStatement("update resilience_job set state = 'running',"
                        + " lease_owner = ?, lease_token = ?, lease_expires_at = ?, attempt = attempt + 1"
                        + " where id in (select id from resilience_job where kind = ? and state = 'queued'"
                        + " and available_at <= ? order by available_at limit ? for update skip locked)"
                        + " returning " + COLUMNS)) {
                    bindClaim(claim, kind, limit, owner, token, now, leaseUntil);
                    return read(claim, token, leaseUntil);
                }
            }
            try (PreparedStatement claim = c.prepareStatement("update resilience_job set state = 'running',"
                    + " lease_owner = ?, lease_token = ?, lease_expires_at = ?, attempt = attempt + 1"
                    + " where id in (select id from resilience_job where kind = ? and state = 'queued'"
                    + " and available_at <= ? order by available_at limit ?) and state = 'queued'")) {
                bindClaim(claim, kind, limit, owner, token, now, leaseUntil);
                if (claim.executeUpdate() == 0) {
                    return List.of();
                }
            }
            try (PreparedStatement read = c.prepareStatement("select " + COLUMNS
                    + " from resilience_job where lease_token = ?")) {
                read.setString(1, token);
                return read(read, token, leaseUntil);
            }
        }
    }

    private static void bindClaim(PreparedStatement claim, String kind, int limit, String owner, String token,
            long now, long leaseUntil) throws SQLException {
        claim.setString(1, owner);
        claim.setString(2, token);
        claim.setLong(3, leaseUntil);
        claim.setString(4, kind);
        claim.setLong(5, now);
        claim.setInt(6, limit);
    }

    private static List<Claimed> read(PreparedStatement statement, String token, long leaseUntil) throws SQLException {
        List<Claimed> claimed = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                claimed.add(new Claimed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5), rs.getInt(6), rs.getLong(7), rs.getLong(8), token, leaseUntil));
            }
        }
        return claimed;
    }

    /**
     * Deletes finished jobs this server still holds; a job whose lease passed to another server
     * stays. Returns how many were no longer held (their leases lost).
     */
    public int complete(List<Claimed> jobs) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement delete = c.prepareStatement(
                     "delete from resilience_job where id = ? and lease_token = ?")) {
            for (Claimed job : jobs) {
                delete.setString(1, job.id());
                delete.setString(2, job.token());
                delete.addBatch();
            }
            int lost = 0;
            for (int deleted : delete.executeBatch()) {
                if (deleted == 0) {
                    lost++;
                }
            }
            return lost;
        }
    }

    /** Queues the job again for {@code availableAt}; {@code refund} gives back the attempt the claim counted. */
    public boolean release(Claimed job, long availableAt, boolean refund, String error) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement update = c.prepareStatement("update resilience_job set state = 'queued',"
                     + " lease_owner = null, lease_token = null, lease_expires_at = null, available_at = ?,"
                     + " attempt = attempt - ?, last_error = coalesce(?, last_error)"
                     + " where id = ? and lease_token = ?")) {
            update.setLong(1, availableAt);
            update.setInt(2, refund ? 1 : 0);
            update.setString(3, clip(error, 1000));
            update.setString(4, job.id());
            update.setString(5, job.token());
            return update.executeUpdate() == 1;
        }
    }

    /** Marks a job dead with its reason; false when this server no longer holds it. */
    public boolean dead(Claimed job, String reason, String error, long now) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement update = c.prepareStatement("update resilience_job set state = 'dead',"
                     + " lease_owner = null, lease_token = null, lease_expires_at = null, dead_reason = ?,"
                     + " dead_at = ?, last_error = coalesce(?, last_error) where id = ? and lease_token = ?")) {
            update.setString(1, clip(reason, 1000));
            update.setLong(2, now);
            update.setString(3, clip(error, 1000));
            update.setString(4, job.id());
            update.setString(5, job.token());
            return update.executeUpdate() == 1;
        }
    }

    /** Jobs whose server died or stalled past its lease are queued again at once. */
    public int requeueExpiredLeases(long now) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement update = c.prepareStatement("update resilience_job set state = 'queued',"
                     + " lease_owner = null, lease_token = null, lease_expires_at = null, available_at = ?,"
                     + " last_error = coalesce(last_error, 'lease expired') where state = 'running'"
                     + " and lease_expires_at < ?")) {
            update.setLong(1, now);
            update.setLong(2, now);
            return update.executeUpdate();
        }
    }

    /** Drill runs recorded before the given time go. */
    public int purgeDrillRuns(long before) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement delete = c.prepareStatement("delete from resilience_drill_run where done_at < ?")) {
            delete.setLong(1, before);
            return delete.executeUpdate();
        }
    }

    /** Queued jobs past their time to live become dead letters. */
    public int deadLetterExpired(long now) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement update = c.prepareStatement("update resilience_job set state = 'dead',"
                     + " dead_reason = 'time to live passed before the job could run', dead_at = ?"
                     + " where state = 'queued' and expires_at < ?")) {
            update.setLong(1, now);
            update.setLong(2, now);
            return update.executeUpdate();
        }
    }

    public int purgeDead(long before) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement delete = c.prepareStatement(
                     "delete from resilience_job where state = 'dead' and dead_at < ?")) {
            delete.setLong(1, before);
            return delete.executeUpdate();
        }
    }

    /** Jobs per kind and state, with the oldest one's creation time. */
    public List<Count> counts() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement count = c.prepareStatement("select kind, state, count(*), min(created_at)"
                     + " from resilience_job group by kind, state");
             ResultSet rs = count.executeQuery()) {
            List<Count> counts = new ArrayList<>();
            while (rs.next()) {
                counts.add(new Count(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
            }
            return counts;
        }
    }

    /** Queued jobs per kind, for the cap. */
    public Map<String, Long> queuedByKind() throws SQLException {
        Map<String, Long> queued = new HashMap<>();
        for (Count count : counts()) {
            if (QUEUED.equals(count.state())) {
                queued.put(count.kind(), count.jobs());
            }
        }
        return queued;
    }

    private boolean isPostgres(Connection c) throws SQLException {
        Boolean known = postgres;
        if (known == null) {
            known = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
            postgres = known;
        }
        return known;
    }

    static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
