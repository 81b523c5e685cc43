package dev.vigil.ingest.internal.uploads;

import dev.vigil.kernel.api.AppRows;
import dev.vigil.kernel.api.AppScope;
import dev.vigil.kernel.api.Transactional;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@code ingest_upload}: apps' accepted uploads. Written in the request's transaction (with its
 * Idempotency-Key); read only through {@link AppRows}, so an app sees its own uploads alone.
 */
@ApplicationScoped
public class UploadStore {

    static final String SELECT = "select u.id, u.app_id, u.kind, u.received_at, u.bytes, u.request_id, u.kind_updated_at";

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    /** One accepted upload; {@code body} is null in lists. */
    public record Upload(String id, String appId, String kind, Instant receivedAt, int bytes, String requestId,
            Instant kindUpdatedAt, String body) {
    }

    @Transactional(Transactional.Type.MANDATORY)
    public void insert(Upload upload) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement("insert into ingest_upload (id, app_id, kind, received_at,"
                     + " bytes, request_id, kind_updated_at, body) values (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, upload.id());
            insert.setString(2, upload.appId());
            insert.setString(3, upload.kind());
            insert.setLong(4, upload.receivedAt().toEpochMilli());
            insert.setInt(5, upload.bytes());
            insert.setString(6, upload.requestId());
            insert.setLong(7, upload.kindUpdatedAt().toEpochMilli());
            insert.setString(8, upload.body());
            insert.executeUpdate();
        }
    }

    public Optional<Upload> byId(AppScope scope, String kind, String id) throws SQLException {
        return AppRows.select(scope, SELECT + ", u.body from ingest_upload u", "u").and("u.id = ?", id)
                .and("u.kind = ?", kind).list(dataSource, 1, rs -> read(rs, true)).stream().findFirst();
    }

    /** Newest first; {@code before} is the last id of the previous page (ids grow with time). */
    public List<Upload> list(AppScope scope, String app, String kind, String before, int limit) throws SQLException {
        AppRows query = AppRows.select(scope, SELECT + " from ingest_upload u", "u");
        if (app != null) {
            query.and("u.app_id = ?", app);
        }
        if (kind != null) {
            query.and("u.kind = ?", kind);
        }
        if (before != null) {
            query.and("u.id < ?", before);
        }
        return query.append("order by u.id desc").list(dataSource, limit, rs -> read(rs, false));
    }

    private static Upload read(ResultSet rs, boolean withBody) throws SQLException {
        return new Upload(rs.getString(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)),
                rs.getInt(5), rs.getString(6), Instant.ofEpochMilli(rs.getLong(7)), withBody ? rs.getString(8) : null);
    }
}
