package dev.vigil.intake.internal.issues;

import dev.vigil.kernel.api.VigilException;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads for members and admins: filtered, bounded pages of reports and groups; one group in full. */
@ApplicationScoped
public class IssueQueries {

    public static final int MAX_PAGE = 100;
    static final int MAX_VERSIONS = 50;

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    /** Filters; null means any. {@code text} matches the summary, case-insensitively. */
    public record Filter(String appId, String status, String appVersion, Instant from, Instant to, String text) {
    }

    public record ReportRow(String id, String appId, String group, Instant receivedAt, String summary,
            String appVersion, int redactions) {
    }

    public record GroupRow(String id, String appId, String title, String status, String assignee, Instant firstSeen,
            Instant lastSeen, long reports) {
    }

    public record Comment(String id, String author, Instant at, String body) {
    }

    public record GroupDetail(GroupRow group, List<String> appVersions, List<ReportRow> recentReports,
            List<Comment> comments) {
    }

    /** A page and the cursor of the next one (null on the last page). */
    public record Page<T>(List<T> items, String next) {
    }

    public Page<ReportRow> reports(Filter filter, int limit, String before) throws SQLException {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("select r.id, r.app_id, r.group_id, r.received_at, r.summary,"
                + " r.app_version, r.redactions from intake_report r");
        if (filter.status() != null) {
            sql.append(" join intake_group g on g.id = r.group_id");
        }
        sql.append(" where 1 = 1");
        if (filter.status() != null) {
            sql.append(" and g.status = ?");
            args.add(filter.status());
        }
        where(sql, args, "r", "received_at", filter);
        if (filter.appVersion() != null) {
            sql.append(" and r.app_version = ?");
            args.add(filter.appVersion());
        }
        newestFirst(sql, args, "r.received_at", "r.id", Cursor.parse(before));
        List<ReportRow> rows = query(sql.toString(), args, limit + 1, rs -> new ReportRow(rs.getString(1),
                rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)), rs.getString(5), rs.getString(6),
                rs.getInt(7)));
        return page(rows, limit, r -> new Cursor(r.receivedAt().toEpochMilli(), r.id()));
    }

    public Page<GroupRow> groups(Filter filter, int limit, String before) throws SQLException {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("select g.id, g.app_id, g.title, g.status, g.assignee, g.first_seen,"
                + " g.last_seen, g.report_count from intake_group g where g.report_count > 0");
        if (filter.status() != null) {
            sql.append(" and g.status = ?");
            args.add(filter.status());
        }
        where(sql, args, "g", "last_seen", new Filter(filter.appId(), null, null, filter.from(), filter.to(), null));
        if (filter.text() != null) {
            sql.append(" and lower(g.title) like ?");
            args.add(like(filter.text()));
        }
        if (filter.appVersion() != null) {
            sql.append(" and exists (select 1 from intake_report r where r.group_id = g.id and r.app_version = ?)");
            args.add(filter.appVersion());
        }
        newestFirst(sql, args, "g.last_seen", "g.id", Cursor.parse(before));
        List<GroupRow> rows = query(sql.toString(), args, limit + 1, IssueQueries::group);
        return page(rows, limit, g -> new Cursor(g.lastSeen().toEpochMilli(), g.id()));
    }

    public Optional<GroupDetail> group(String id) throws SQLException {
        List<GroupRow> found = query("select id, app_id, title, status, assignee, first_seen, last_seen, report_count"
                + " from intake_group where id = ? and report_count > 0", List.of(id), 1, IssueQueries::group);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        List<String> versions = query("select distinct app_version from intake_report where group_id = ?"
                + " and app_version is not null order by app_version", List.of(id), MAX_VERSIONS, rs -> rs.getString(1));
        List<ReportRow> recent = query("select id, app_id, group_id, received_at, summary, app_version, redactions"
                + " from intake_report where group_id = ? order by received_at desc, id desc", List.of(id), 20,
                rs -> new ReportRow(rs.getString(1), rs.getString(2), rs.getString(3),
                        Instant.ofEpochMilli(rs.getLong(4)), rs.getString(5), rs.getString(6), rs.getInt(7)));
        List<Comment> comments = query("select id, author, created_at, body from intake_comment where group_id = ?"
                + " order by created_at, id", List.of(id), 500, rs -> new Comment(rs.getString(1), rs.getString(2),
                Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4)));
        return Optional.of(new GroupDetail(found.get(0), versions, recent, comments));
    }

    private static GroupRow group(ResultSet rs) throws SQLException {
        return new GroupRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                Instant.ofEpochMilli(rs.getLong(6)), Instant.ofEpochMilli(rs.getLong(7)), rs.getLong(8));
    }

    private static void where(StringBuilder sql, List<Object> args, String alias, String timeColumn, Filter filter) {
        if (filter.appId() != null) {
            sql.append(" and ").append(alias).append(".app_id = ?");
            args.add(filter.appId());
        }
        if (filter.from() != null) {
            sql.append(" and ").append(alias).append('.').append(timeColumn).append(" >= ?");
            args.add(filter.from().toEpochMilli());
        }
        if (filter.to() != null) {
            sql.append(" and ").append(alias).append('.').append(timeColumn).append(" < ?");
            args.add(filter.to().toEpochMilli());
        }
        if (filter.text() != null) {
            sql.append(" and lower(").append(alias).append(".summary) like ?");
            args.add(like(filter.text()));
        }
    }

    /** Orders by time and id, newest first, starting after the cursor (if any). */
    private static void newestFirst(StringBuilder sql, List<Object> args, String time, String id, Cursor after) {
        if (after != null) {
            sql.append(" and (").append(time).append(" < ? or (").append(time).append(" = ? and ").append(id)
                    .append(" < ?))");
            args.add(after.at());
            args.add(after.at());
            args.add(after.id());
        }
        sql.append(" order by ").append(time).append(" desc, ").append(id).append(" desc");
    }

    /** A {@code like} pattern matching the text anywhere, with the text's own wildcards taken literally. */
    private static String like(String text) {
        String escaped = text.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + escaped + "%";
    }

    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, List<Object> args, int max, Row<T> row) throws SQLException {
        List<T> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
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

    private static <T> Page<T> page(List<T> rows, int limit, java.util.function.Function<T, Cursor> cursorOf) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(List.copyOf(items), cursorOf.apply(items.get(limit - 1)).toString());
    }

    /** Where a page ended: time and id of its last row, as {@code <epoch ms>_<id>}. */
    record Cursor(long at, String id) {

        static Cursor parse(String text) {
            if (text == null || text.isBlank()) {
                return null;
            }
            int split = text.indexOf('_');
            try {
                if (split < 1 || text.length() > 100) {
                    throw new NumberFormatException();
                }
                return new Cursor(Long.parseLong(text.substring(0, split)), text.substring(split + 1));
            } catch (NumberFormatException e) {
                throw VigilException.invalid("before: not a cursor from a previous page");
            }
        }

        @Override
        public String toString() {
            return at + "_" + id;
        }
    }
}
