package dev.vigil.kernel.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Create-or-replace of one row by its key, in SQL both databases speak: an update, and when it
 * changed no row, an insert with the same parameters in the same order (the key last in both). Two
 * first writes of one key at once: the second insert fails on the key, which the caller answers.
 */
public final class Upsert {

    /** Binds a statement's parameters; called once for the update, and again for the insert. */
    @FunctionalInterface
    public interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private Upsert() {
    }

    /** True when the row is new (inserted), false when it was replaced. */
    public static boolean updateElseInsert(Connection c, String update, String insert, Binder binder) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(update)) {
            binder.bind(s);
            if (s.executeUpdate() == 1) {
                return false;
            }
        }
        try (PreparedStatement s = c.prepareStatement(insert)) {
            binder.bind(s);
            s.executeUpdate();
            return true;
        }
    }
}
