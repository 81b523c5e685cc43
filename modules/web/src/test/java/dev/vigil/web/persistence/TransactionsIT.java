package dev.vigil.web.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.kernel.api.Transactional;
import dev.vigil.kernel.api.VigilException;
import dev.vigil.testing.Deployments;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Vigil's {@link Transactional} on Liberty's transaction manager against the real database: every
 * exception rolls back (checked ones too), a joined failure dooms its owner, a new transaction
 * commits on its own, and a mandatory one refuses to run alone.
 */
@ExtendWith(ArquillianExtension.class)
class TransactionsIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.vigil(TransactionsIT.class, Rows.class);
    }

    @Inject
    Rows rows;

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Resource(lookup = "java:comp/TransactionManager")
    TransactionManager transactions;

    private String outer;
    private String inner;

    @BeforeEach
    void table() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table if not exists test_transactions (id varchar(64) primary key)");
        }
        outer = UUID.randomUUID().toString();
        inner = UUID.randomUUID().toString();
    }

    @Test
    void aReturningMethodCommits() throws SQLException {
        rows.insert(outer);

        assertTrue(stored(outer));
    }

    @Test
    void aCheckedExceptionRollsBack() {
        assertThrows(SQLException.class, () -> rows.insertThenFailChecked(outer));

        assertFalse(stored(outer));
    }

    @Test
    void aRefusalRollsBackAndLeavesTheMethodUnchanged() {
        VigilException refused = assertThrows(VigilException.class, () -> rows.insertThenRefuse(outer));
        assertEquals("Row not found", refused.getMessage());

        assertFalse(stored(outer));
    }

    @Test
    void aJoinedFailureRollsBackItsOwnerEvenWhenTheOwnerCarriesOn() {
        assertThrows(TransactionInterceptor.CommitFailed.class,
                () -> rows.insertAndSwallowAJoinedFailure(outer, inner));

        assertFalse(stored(outer));
        assertFalse(stored(inner));
    }

    @Test
    void aNewTransactionCommitsWhateverItsCallerDoes() {
        assertThrows(SQLException.class, () -> rows.insertBesideANewTransactionThenFail(outer, inner));

        assertTrue(stored(inner));
        assertFalse(stored(outer));
    }

    @Test
    void aMandatoryMethodRefusesToRunAloneAndJoinsItsCaller() throws SQLException {
        assertThrows(IllegalStateException.class, () -> rows.insertInCallersTransaction(outer));

        rows.insertBesideAJoinedOne(outer, inner);

        assertTrue(stored(outer));
        assertTrue(stored(inner));
    }

    @Test
    void aFailedNewTransactionLeavesItsCallerFreeToCommit() throws SQLException {
        rows.insertAndSurviveAFailedNewTransaction(outer, inner);

        assertTrue(stored(outer));
        assertFalse(stored(inner));
    }

    /** Whatever happened, no transaction is left on the thread for the next request to join. */
    @AfterEach
    void noTransactionLeftOnTheThread() throws SystemException {
        assertEquals(Status.STATUS_NO_TRANSACTION, transactions.getStatus());
    }

    private boolean stored(String id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("select count(*) from test_transactions where id = ?")) {
            select.setString(1, id);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes one row per call in whatever transaction its annotation gives it. */
    @ApplicationScoped
    public static class Rows {

        @Resource(lookup = "jdbc/vigil")
        DataSource dataSource;

        @Inject
        Rows self;

        @Transactional
        public void insert(String id) throws SQLException {
            write(id);
        }

        @Transactional
        public void insertThenFailChecked(String id) throws SQLException {
            write(id);
            throw new SQLException("checked failure after the write");
        }

        @Transactional
        public void insertThenRefuse(String id) throws SQLException {
            write(id);
            throw VigilException.notFound("Row");
        }

        @Transactional
        public void insertAndSwallowAJoinedFailure(String id, String joined) throws SQLException {
            write(id);
            try {
                self.insertThenFailChecked(joined);
            } catch (SQLException expected) {
                // The caller carries on; the transaction must not.
            }
        }

        @Transactional
        public void insertBesideANewTransactionThenFail(String id, String separate) throws SQLException {
            write(id);
            self.insertInANewTransaction(separate);
            throw new SQLException("checked failure after the new transaction committed");
        }

        @Transactional(Transactional.Type.REQUIRES_NEW)
        public void insertInANewTransaction(String id) throws SQLException {
            write(id);
        }

        @Transactional(Transactional.Type.REQUIRES_NEW)
        public void insertInANewTransactionThenFail(String id) throws SQLException {
            write(id);
            throw VigilException.notFound("Row");
        }

        /** What GroupRegistry does: a new transaction fails, and its caller carries on and commits. */
        @Transactional
        public void insertAndSurviveAFailedNewTransaction(String id, String separate) throws SQLException {
            write(id);
            try {
                self.insertInANewTransactionThenFail(separate);
            } catch (VigilException expected) {
                // the caller's own transaction is untouched
            }
        }

        @Transactional
        public void insertBesideAJoinedOne(String id, String joined) throws SQLException {
            write(id);
            self.insertInCallersTransaction(joined);
        }

        @Transactional(Transactional.Type.MANDATORY)
        public void insertInCallersTransaction(String id) throws SQLException {
            write(id);
        }

        private void write(String id) throws SQLException {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement insert = c.prepareStatement("insert into test_transactions (id) values (?)")) {
                insert.setString(1, id);
                insert.executeUpdate();
            }
        }
    }
}
