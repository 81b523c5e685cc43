package dev.vigil.kernel.api;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.function.Predicate;

/** What a failure says about the database, wherever in the cause chain (and SQL next-chain) it says it. */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /**
     * The database could not be reached or is not taking work (as opposed to a bad statement or bad
     * data): retry later. SQL states: class 08 (connection), PostgreSQL's {@code 57P01}-{@code 57P03}
     * (shutting down, crashed, still starting up: seen for the first statements after a restart) and
     * {@code 53300} (too many connections).
     */
    public static boolean isUnavailable(Throwable failure) {
        return any(failure, t -> {
            if (t instanceof SQLTransientConnectionException || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && isUnavailableState(sql.getSQLState())) {
                return true;
            }
            String name = t.getClass().getName();
            return name.equals("jakarta.resource.ResourceException")
                    || name.equals("com.ibm.websphere.ce.cm.ConnectionWaitTimeoutException")
                    || name.endsWith("ResourceAllocationException");
        });
    }

    private static boolean isUnavailableState(String state) {
        return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                || state.equals("53300");
    }

    /** A constraint (unique key, not null, ...) refused the statement: SQL state class 23. */
    public static boolean isConstraintViolation(Throwable failure) {
        return hasSqlState(failure, "23");
    }

    /**
     * The statement's data was refused: a data exception (class 22: too long, out of range, bad
     * encoding) or a constraint (class 23). The same statement fails again; other work need not.
     */
    public static boolean isBadData(Throwable failure) {
        return hasSqlState(failure, "22") || hasSqlState(failure, "23");
    }

    /**
     * The statement lost to another transaction: a deadlock or serialization conflict (class 40), or
     * a lock wait that timed out (H2's {@code HYT00}, PostgreSQL's {@code 55P03}). Trying again later
     * may succeed; nothing about the request itself is wrong.
     */
    public static boolean isTransactionConflict(Throwable failure) {
        return hasSqlState(failure, "40") || hasSqlState(failure, "HYT00") || hasSqlState(failure, "55P03");
    }

    private static boolean hasSqlState(Throwable failure, String stateClass) {
        return any(failure, t -> t instanceof SQLException sql && sql.getSQLState() != null
                && sql.getSQLState().startsWith(stateClass));
    }

    private static boolean any(Throwable failure, Predicate<Throwable> test) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (test.test(t)) {
                return true;
            }
            if (t instanceof SQLException sql) {
                for (SQLException next = sql.getNextException(); next != null; next = next.getNextException()) {
                    if (test.test(next)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
