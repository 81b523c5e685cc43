package dev.vigil.kernel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Failures are classified wherever the driver or the container put the SQL state. */
class DatabaseFailuresTest {

    @Test
    void aConstraintViolationIsFoundInTheCauseAndTheNextChain() {
        SQLException unique = new SQLException("duplicate key", "23505");
        assertThat(DatabaseFailures.isConstraintViolation(unique)).isTrue();
        assertThat(DatabaseFailures.isConstraintViolation(new RuntimeException("rolled back", unique))).isTrue();
        // PostgreSQL's batch failure carries the statement's own exception as the next one.
        BatchUpdateException batch = new BatchUpdateException("batch entry 3 failed", null, 0, new int[0]);
        batch.setNextException(unique);
        assertThat(DatabaseFailures.isConstraintViolation(new IllegalStateException(batch))).isTrue();
        assertThat(DatabaseFailures.isTransactionConflict(batch)).isFalse();
    }

    @Test
    void deadlocksAndUnreachableDatabasesAreTheirOwnKinds() {
        SQLException deadlock = new SQLException("deadlock detected", "40P01");
        assertThat(DatabaseFailures.isTransactionConflict(new RuntimeException(deadlock))).isTrue();
        assertThat(DatabaseFailures.isConstraintViolation(deadlock)).isFalse();
        assertThat(DatabaseFailures.isUnavailable(new SQLException("connection refused", "08001"))).isTrue();
        // PostgreSQL right after a crash, while it recovers: the first statements of a request failed 500.
        assertThat(DatabaseFailures.isUnavailable(new SQLException("the database system is starting up", "57P03")))
                .isTrue();
        assertThat(DatabaseFailures.isUnavailable(new SQLException("terminating connection", "57P01"))).isTrue();
        assertThat(DatabaseFailures.isUnavailable(new SQLException("too many clients", "53300"))).isTrue();
        assertThat(DatabaseFailures.isUnavailable(new IllegalStateException(new ConnectException("refused")))).isTrue();
        assertThat(DatabaseFailures.isUnavailable(deadlock)).isFalse();
    }

    @Test
    void badDataIsNeitherUnavailableNorARace() {
        SQLException nul = new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021");
        assertThat(DatabaseFailures.isUnavailable(nul)).isFalse();
        assertThat(DatabaseFailures.isConstraintViolation(nul)).isFalse();
        assertThat(DatabaseFailures.isTransactionConflict(nul)).isFalse();
        assertThat(DatabaseFailures.isUnavailable(new SQLException("no state"))).isFalse();
    }
}
