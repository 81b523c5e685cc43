package dev.vigil.ingest.internal.telemetry;

import dev.vigil.kernel.api.Transactional;
import dev.vigil.kernel.api.Upsert;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The additive alias map (seed 001): an alias names the sum of one or more canonical signals, so
 * a dashboard's label and the client's counter are read as the same series. As data in
 * {@code ingest_signal_alias}, seeded with seed 001's table, changed by admins; every query
 * resolves a name through it (one level: an alias's sources are never aliases).
 */
@ApplicationScoped
public class SignalAliases {

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    public record Alias(String alias, List<String> sources, String description) {
    }

    public List<Alias> all() throws SQLException {
        return query("select alias, sources, description from ingest_signal_alias order by alias");
    }

    public Optional<Alias> find(String alias) throws SQLException {
        return query("select alias, sources, description from ingest_signal_alias where alias = ?", alias).stream()
                .findFirst();
    }

    /** The canonical signals a name stands for: an alias's sources, or the name itself. */
    public List<String> resolve(String signal) throws SQLException {
        return find(signal).map(Alias::sources).orElse(List.of(signal));
    }

    /**
     * Makes this transaction's alias writes wait for any other's: the one-level check (no source is
     * an alias, no alias is a source) reads rows the write does not touch, so two writes at once could
     * each pass it and together build a chain. The row stays locked until the caller's transaction
     * ends, so there must be one.
     */
    @Transactional(Transactional.Type.MANDATORY)
    public void takeWriteTurn() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement lock = c.prepareStatement("select name from ingest_write_turn where name = 'signal-alias'"
                     + " for update")) {
            lock.executeQuery().close();
        }
    }

    /** Creates or replaces; true when new. */
    public boolean put(Alias alias, long at, String by) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return Upsert.updateElseInsert(c, "update ingest_signal_alias set sources = ?, description = ?,"
                    + " updated_at = ?, updated_by = ? where alias = ?", "insert into ingest_signal_alias (sources,"
                    + " description, updated_at, updated_by, alias) values (?, ?, ?, ?, ?)", s -> bind(s, alias, at, by));
        }
    }

    public boolean delete(String alias) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement delete = c.prepareStatement("delete from ingest_signal_alias where alias = ?")) {
            delete.setString(1, alias);
            return delete.executeUpdate() == 1;
        }
    }

    private static void bind(PreparedStatement statement, Alias alias, long at, String by) throws SQLException {
        statement.setString(1, String.join(" ", alias.sources()));
        statement.setString(2, alias.description());
        statement.setLong(3, at);
        statement.setString(4, by);
        statement.setString(5, alias.alias());
    }

    private List<Alias> query(String sql, Object... args) throws SQLException {
        List<Alias> aliases = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                q.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    aliases.add(new Alias(rs.getString(1), Arrays.asList(rs.getString(2).split(" ")), rs.getString(3)));
                }
            }
        }
        return aliases;
    }
}
