package dev.vigil.ingest.internal.uploads;

import dev.vigil.kernel.api.Roles;
import dev.vigil.kernel.api.Upsert;
import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The only way to {@code ingest_upload_kind}, guarded by the container: kinds are configuration,
 * so admins register, replace and delete them; an app reads the one kind it uploads to. A caller
 * without the role gets {@code EJBAccessException} from Liberty before any of this code runs.
 */
@Stateless
@RolesAllowed(Roles.ADMIN)
public class UploadKindData {

    private static final String COLUMNS = "name, description, max_bytes, schema_text, updated_at, updated_by";

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @RolesAllowed({Roles.ADMIN, Roles.APP})
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<UploadKind> find(String name) throws SQLException {
        List<UploadKind> found = query("select " + COLUMNS + " from ingest_upload_kind where name = ?", name);
        return found.stream().findFirst();
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<UploadKind> all() throws SQLException {
        return query("select " + COLUMNS + " from ingest_upload_kind order by name");
    }

    /** Creates or replaces a kind; true when it is new. Uploads already stored keep what they were checked against. */
    public boolean put(UploadKind kind) throws SQLException {
        // Two first PUTs of one name: the second fails on the key (409), nothing harmed.
        try (Connection c = dataSource.getConnection()) {
            return Upsert.updateElseInsert(c, "update ingest_upload_kind set description = ?, max_bytes = ?,"
                    + " schema_text = ?, updated_at = ?, updated_by = ? where name = ?", "insert into ingest_upload_kind"
                    + " (description, max_bytes, schema_text, updated_at, updated_by, name) values (?, ?, ?, ?, ?, ?)",
                    s -> {
                        bind(s, kind, 1);
                        s.setString(6, kind.name());
                    });
        }
    }

    public boolean delete(String name) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement delete = c.prepareStatement("delete from ingest_upload_kind where name = ?")) {
            delete.setString(1, name);
            return delete.executeUpdate() == 1;
        }
    }

    private static void bind(PreparedStatement statement, UploadKind kind, int first) throws SQLException {
        statement.setString(first, kind.description());
        statement.setInt(first + 1, kind.maxBytes());
        statement.setString(first + 2, kind.schema());
        statement.setLong(first + 3, kind.updatedAt().toEpochMilli());
        statement.setString(first + 4, kind.updatedBy());
    }

    private List<UploadKind> query(String sql, Object... args) throws SQLException {
        List<UploadKind> kinds = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                q.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    kinds.add(new UploadKind(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                            Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6)));
                }
            }
        }
        return kinds;
    }
}
