package dev.vigil.kernel.api;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/** Binds values that may be absent: a null becomes SQL NULL of the column's type. */
public final class SqlParameters {

    private SqlParameters() {
    }

    public static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    public static void setInt(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }
}
