package dev.vigil.limits.internal.quota;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The shared count: one row per policy, key and window in {@code limits_quota}, holding how many
 * admissions all servers together have been granted. A grant is taken under a row lock and never
 * makes {@code granted} exceed the limit, so the sum of all servers' admissions cannot either.
 */
public class QuotaStore {

    /** Never take more than this fraction of what is left, so other servers still find quota. */
    static final int SHARE_DIVISOR = 8;
    private static final int LOCK_TIMEOUT_SECONDS = 2;

    private final DataSource dataSource;

    public QuotaStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Grants up to {@code wanted} admissions for the window, fewer near the limit, none when it is
     * reached (then nothing is written).
     *
     * @return the number granted and the window's total granted so far
     */
    public Grant claim(String policy, String key, long windowStart, int limit, int wanted, long expiresAt)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                Grant grant = claimLocked(connection, policy, key, windowStart, limit, wanted);
                if (grant == null) {
                    connection.rollback();
                    insertQuietly(connection, policy, key, windowStart, limit, expiresAt);
                    grant = claimLocked(connection, policy, key, windowStart, limit, wanted);
                }
                connection.commit();
                return grant == null ? new Grant(0, limit) : grant;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    /** Takes back one admission granted in the window (a request that turned out not to count). */
    public void unclaim(String policy, String key, long windowStart) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("update limits_quota set granted = granted - 1"
                     + " where policy = ? and bucket_key = ? and window_start = ? and granted > 0")) {
            update.setQueryTimeout(LOCK_TIMEOUT_SECONDS);
            update.setString(1, policy);
            update.setString(2, key);
            update.setLong(3, windowStart);
            update.executeUpdate();
        }
    }

    private static Grant claimLocked(Connection connection, String policy, String key, long windowStart, int limit,
                                     int wanted) throws SQLException {
        int granted;
        try (PreparedStatement select = connection.prepareStatement(
                "select granted from limits_quota where policy = ? and bucket_key = ? and window_start = ? for update")) {
            select.setQueryTimeout(LOCK_TIMEOUT_SECONDS);
            select.setString(1, policy);
            select.setString(2, key);
            select.setLong(3, windowStart);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                granted = row.getInt(1);
            }
        }
        int left = limit - granted;
        if (left <= 0) {
            return new Grant(0, granted);
        }
        int grant = Math.min(wanted, Math.max(1, left / SHARE_DIVISOR));
        try (PreparedStatement update = connection.prepareStatement(
                "update limits_quota set granted = granted + ? where policy = ? and bucket_key = ? and window_start = ?")) {
            update.setQueryTimeout(LOCK_TIMEOUT_SECONDS);
            update.setInt(1, grant);
            update.setString(2, policy);
            update.setString(3, key);
            update.setLong(4, windowStart);
            update.executeUpdate();
        }
        return new Grant(grant, granted + grant);
    }

    /** Creates the window's row; another server creating it first is fine. */
    private static void insertQuietly(Connection connection, String policy, String key, long windowStart, int limit,
                                      long expiresAt) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into limits_quota (policy, bucket_key, window_start, limit_value, granted, expires_at)"
                        + " values (?, ?, ?, ?, 0, ?)")) {
            insert.setString(1, policy);
            insert.setString(2, key);
            insert.setLong(3, windowStart);
            insert.setInt(4, limit);
            insert.setLong(5, expiresAt);
            insert.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                throw e;
            }
        }
    }

    /** A claim's answer: how many admissions this server may now give, and the window's total. */
    public record Grant(int granted, int totalGranted) {
    }
}
