package dev.vigil.intake.internal.issues;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which failed batches are retried one report at a time: only those that broke a constraint. */
class ReportBatchesTest {

    @Test
    void aConstraintViolationIsFoundWhereverTheDriverPutsIt() {
        SQLException unique = new SQLException("duplicate key", "23505");
        assertThat(ReportBatches.isConstraintViolation(unique)).isTrue();
        assertThat(ReportBatches.isConstraintViolation(new RuntimeException("rolled back", unique))).isTrue();
        // PostgreSQL's batch failure carries the statement's own exception as the next one.
        BatchUpdateException batch = new BatchUpdateException("batch entry 3 failed", null, 0, new int[0]);
        batch.setNextException(unique);
        assertThat(ReportBatches.isConstraintViolation(new IllegalStateException(batch))).isTrue();
    }

    @Test
    void otherFailuresFailTheBatch() {
        assertThat(ReportBatches.isConstraintViolation(new SQLException("connection refused", "08001"))).isFalse();
        assertThat(ReportBatches.isConstraintViolation(new SQLException("no state"))).isFalse();
        assertThat(ReportBatches.isConstraintViolation(new IllegalStateException("timed out"))).isFalse();
    }
}
