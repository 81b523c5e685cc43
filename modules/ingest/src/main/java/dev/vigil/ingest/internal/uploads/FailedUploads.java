package dev.vigil.ingest.internal.uploads;

import dev.vigil.kernel.api.AppRows;
import dev.vigil.kernel.api.AppScope;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/**
 * {@code ingest_failed_upload}: every refused upload of an authenticated app (the seed's
 * {@code runs/failed/YYYY-MM-DD.jsonl}). Each record is its own auto-committed insert, made after
 * the request's transaction has ended: a refusal rolled back is still recorded.
 */
@ApplicationScoped
public class FailedUploads {

    static final int MAX_DETAIL = 2000;
    static final int MAX_KIND = 64;
    private static final String SELECT = "select f.id, f.app_id, f.kind, f.reason, f.status, f.detail, f.request_id,"
            + " f.received_at, f.bytes from ingest_failed_upload f";

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    /** One refused upload: who, which kind (as the app named it), why (a taxonomy code) and the answer's detail. */
    public record Failed(String id, String appId, String kind, String reason, int status, String detail,
            String requestId, Instant receivedAt, long bytes) {
    }

    /** What a list asks for; every field may be null. */
    public record Filter(String app, String kind, String reason, Instant from, Instant to) {
    }

    public void record(Failed failed) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement("insert into ingest_failed_upload (id, app_id, kind, reason,"
                     + " status, detail, request_id, received_at, bytes) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, failed.id());
            insert.setString(2, failed.appId());
            insert.setString(3, clip(failed.kind(), MAX_KIND));
            insert.setString(4, failed.reason());
            insert.setInt(5, failed.status());
            insert.setString(6, clip(failed.detail(), MAX_DETAIL));
            insert.setString(7, failed.requestId());
            insert.setLong(8, failed.receivedAt().toEpochMilli());
            insert.setLong(9, failed.bytes());
            insert.executeUpdate();
        }
    }

    /** Newest first; {@code before} is the last id of the previous page. */
    public List<Failed> list(AppScope scope, Filter filter, String before, int limit) throws SQLException {
        AppRows query = filtered(scope, filter);
        if (before != null) {
            query.and("f.id < ?", before);
        }
        return query.append("order by f.id desc").list(dataSource, limit, FailedUploads::read);
    }

    /**
     * Oldest first after ({@code afterAt}, {@code afterId}), for the day's export: pages by the index
     * on (received_at, id), so each page reads only its own rows.
     */
    public List<Failed> chunk(Filter filter, long afterAt, String afterId, int limit) throws SQLException {
        return filtered(AppScope.EVERY_APP, filter)
                .and("f.received_at > ? or (f.received_at = ? and f.id > ?)", afterAt, afterAt, afterId)
                .append("order by f.received_at, f.id").list(dataSource, limit, FailedUploads::read);
    }

    private static AppRows filtered(AppScope scope, Filter filter) {
        AppRows query = AppRows.select(scope, SELECT, "f");
        if (filter.app() != null) {
            query.and("f.app_id = ?", filter.app());
        }
        if (filter.kind() != null) {
            query.and("f.kind = ?", filter.kind());
        }
        if (filter.reason() != null) {
            query.and("f.reason = ?", filter.reason());
        }
        if (filter.from() != null) {
            query.and("f.received_at >= ?", filter.from().toEpochMilli());
        }
        if (filter.to() != null) {
            query.and("f.received_at < ?", filter.to().toEpochMilli());
        }
        return query;
    }

    private static Failed read(ResultSet rs) throws SQLException {
        return new Failed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                rs.getString(6), rs.getString(7), Instant.ofEpochMilli(rs.getLong(8)), rs.getLong(9));
    }

    static String clip(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder clean = new StringBuilder(Math.min(text.length(), max));
        text.codePoints().filter(cp -> cp >= 0x20 && cp != 0x7f).limit(max).forEach(clean::appendCodePoint);
        if (clean.length() <= max) {
            return clean.toString();
        }
        int end = Character.isHighSurrogate(clean.charAt(max - 1)) ? max - 1 : max;
        return clean.substring(0, end);
    }
}
