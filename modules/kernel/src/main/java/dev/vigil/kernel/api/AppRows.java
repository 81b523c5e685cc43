package dev.vigil.kernel.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The one way to read app-owned rows (intake's reports, groups and comments; ingest's uploads,
 * failed uploads and telemetry): a query starts from the caller's {@link AppScope}, which puts its app predicate
 * first, and only a query built here can be run. A new read cannot forget the scope; at worst it
 * passes {@link AppScope#EVERY_APP}, which says so where it is written.
 */
public final class AppRows {

    public interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private final StringBuilder sql;
    private final List<Object> args = new ArrayList<>();

    private AppRows(String selectFrom) {
        this.sql = new StringBuilder(selectFrom);
    }

    /**
     * {@code select ... from <app-owned table> <alias>}, then {@code where} the scope's app (if it
     * has one) on {@code alias.app_id}.
     */
    public static AppRows select(AppScope scope, String selectFrom, String alias) {
        AppRows query = new AppRows(selectFrom + " where 1 = 1");
        scope.appId().ifPresent(app -> query.and(alias + ".app_id = ?", app));
        return query;
    }

    /**
     * Adds {@code and (<predicate>)} with its parameters; the parentheses keep an {@code or} in the
     * predicate from escaping the scope's app.
     */
    public AppRows and(String predicate, Object... values) {
        sql.append(" and (").append(predicate).append(')');
        args.addAll(List.of(values));
        return this;
    }

    /** Ends the query with {@code order by} or {@code group by} text (no parameters, no conditions). */
    public AppRows append(String orderOrGroup) {
        String text = orderOrGroup.strip().toLowerCase(java.util.Locale.ROOT);
        if (!text.startsWith("order by") && !text.startsWith("group by")) {
            throw new IllegalArgumentException("only order by or group by may follow the conditions: " + orderOrGroup);
        }
        sql.append(' ').append(orderOrGroup.strip());
        return this;
    }

    public <T> List<T> list(DataSource dataSource, int max, Row<T> row) throws SQLException {
        List<T> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                q.setObject(i + 1, args.get(i));
            }
            q.setMaxRows(max);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    rows.add(row.read(rs));
                }
            }
        }
        return rows;
    }

    @Override
    public String toString() {
        return sql.toString();
    }
}
