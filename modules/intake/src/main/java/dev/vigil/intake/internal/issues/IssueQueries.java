package dev.vigil.intake.internal.issues;

import dev.vigil.kernel.api.AppRows;
import dev.vigil.kernel.api.AppScope;
import dev.vigil.kernel.api.VigilException;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads of reports and groups: filtered, bounded pages; one group in full. Every read takes the
 * caller's {@link AppScope} and is built by {@link AppRows}, so an app's read sees its own rows only.
 */
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

    public Page<ReportRow> reports(AppScope scope, Filter filter, int limit, String before) throws SQLException {
        AppRows query = AppRows.select(scope, "select r.id, r.app_id, r.group_id, r.received_at, r.summary,"
                + " r.app_version, r.redactions from intake_report r"
                + (filter.status() != null ? " join intake_group g on g.id = r.group_id" : ""), "r");
        if (filter.status() != null) {
            query.and("g.status = ?", filter.status());
        }
        where(query, "r", "received_at", filter);
        if (filter.appVersion() != null) {
            query.and("r.app_version = ?", filter.appVersion());
        }
        newestFirst(query, "r.received_at", "r.id", Cursor.parse(before));
        List<ReportRow> rows = query.list(dataSource, limit + 1, IssueQueries::report);
        return page(rows, limit, r -> new Cursor(r.receivedAt().toEpochMilli(), r.id()));
    }

    public Page<GroupRow> groups(AppScope scope, Filter filter, int limit, String before) throws SQLException {
        AppRows query = AppRows.select(scope, "select g.id, g.app_id, g.title, g.status, g.assignee, g.first_seen,"
                + " g.last_seen, g.report_count from intake_group g", "g").and("g.report_count > 0");
        if (filter.status() != null) {
            query.and("g.status = ?", filter.status());
        }
        where(query, "g", "last_seen", new Filter(filter.appId(), null, null, filter.from(), filter.to(), null));
        if (filter.text() != null) {
            query.and("lower(g.title) like ?", like(filter.text()));
        }
        if (filter.appVersion() != null) {
            query.and("exists (select 1 from intake_report r where r.group_id = g.id and r.app_version = ?)",
                    filter.appVersion());
        }
        newestFirst(query, "g.last_seen", "g.id", Cursor.parse(before));
        List<GroupRow> rows = query.list(dataSource, limit + 1, IssueQueries::group);
        return page(rows, limit, g -> new Cursor(g.lastSeen().toEpochMilli(), g.id()));
    }

    public Optional<GroupDetail> group(AppScope scope, String id) throws SQLException {
        List<GroupRow> found = AppRows.select(scope, "select g.id, g.app_id, g.title, g.status, g.assignee,"
                        + " g.first_seen, g.last_seen, g.report_count from intake_group g", "g")
                .and("g.id = ?", id).and("g.report_count > 0")
                .list(dataSource, 1, IssueQueries::group);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        List<String> versions = AppRows.select(scope, "select distinct r.app_version from intake_report r", "r")
                .and("r.group_id = ?", id).and("r.app_version is not null").append(" order by r.app_version")
                .list(dataSource, MAX_VERSIONS, rs -> rs.getString(1));
        List<ReportRow> recent = AppRows.select(scope, "select r.id, r.app_id, r.group_id, r.received_at, r.summary,"
                        + " r.app_version, r.redactions from intake_report r", "r")
                .and("r.group_id = ?", id).append(" order by r.received_at desc, r.id desc")
                .list(dataSource, 20, IssueQueries::report);
        List<Comment> comments = AppRows.select(scope, "select c.id, c.author, c.created_at, c.body"
                        + " from intake_comment c join intake_group g on g.id = c.group_id", "g")
                .and("c.group_id = ?", id).append(" order by c.created_at, c.id")
                .list(dataSource, 500, rs -> new Comment(rs.getString(1), rs.getString(2),
                        Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4)));
        return Optional.of(new GroupDetail(found.get(0), versions, recent, comments));
    }

    private static ReportRow report(ResultSet rs) throws SQLException {
        return new ReportRow(rs.getString(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)),
                rs.getString(5), rs.getString(6), rs.getInt(7));
    }

    private static GroupRow group(ResultSet rs) throws SQLException {
        return new GroupRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                Instant.ofEpochMilli(rs.getLong(6)), Instant.ofEpochMilli(rs.getLong(7)), rs.getLong(8));
    }

    private static void where(AppRows query, String alias, String timeColumn, Filter filter) {
        if (filter.appId() != null) {
            query.and(alias + ".app_id = ?", filter.appId());
        }
        if (filter.from() != null) {
            query.and(alias + "." + timeColumn + " >= ?", filter.from().toEpochMilli());
        }
        if (filter.to() != null) {
            query.and(alias + "." + timeColumn + " < ?", filter.to().toEpochMilli());
        }
        if (filter.text() != null) {
            query.and("lower(" + alias + ".summary) like ?", like(filter.text()));
        }
    }

    /** Orders by time and id, newest first, starting after the cursor (if any). */
    private static void newestFirst(AppRows query, String time, String id, Cursor after) {
        if (after != null) {
            query.and("(" + time + " < ? or (" + time + " = ? and " + id + " < ?))", after.at(), after.at(), after.id());
        }
        query.append(" order by " + time + " desc, " + id + " desc");
    }

    /** A {@code like} pattern matching the text anywhere, with the text's own wildcards taken literally. */
    private static String like(String text) {
        String escaped = text.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + escaped + "%";
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
