package dev.vigil.alerting.internal;

import dev.vigil.alerting.internal.model.RoutingTree;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The routing document in force: the one an admin stored (row {@code routes} of
 * {@code alerting_config}), else the defaults. Each server keeps the tree it read and asks for the
 * stored version at most once a second, so a change made on one server holds on every server within
 * a second.
 */
@ApplicationScoped
public class Routing {

    private static final Logger LOG = Logger.getLogger(Routing.class.getName());
    static final String ROW = "routes";
    private static final long RECHECK_MILLIS = 1000;

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    @Inject
    AlertingSettings settings;

    private record Loaded(RoutingTree tree, long version, long checkedAt) {
    }

    private volatile Loaded loaded;

    /** The tree, read on the caller's connection when the cached one may be stale. */
    public RoutingTree tree(Connection c) throws SQLException {
        Loaded current = loaded;
        long now = System.currentTimeMillis();
        if (current != null && now - current.checkedAt() < RECHECK_MILLIS) {
            return current.tree();
        }
        long version = -1;
        String body = null;
        try (PreparedStatement select = c.prepareStatement("select version, body from alerting_config where name = ?")) {
            select.setString(1, ROW);
            try (ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                    version = rs.getLong(1);
                    body = rs.getString(2);
                }
            }
        }
        if (current != null && current.version() == version) {
            loaded = new Loaded(current.tree(), version, now);
            return current.tree();
        }
        RoutingTree tree = defaults();
        if (body != null) {
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                tree = RoutingTree.parse(reader.readObject(), settings.timing(), settings.groupBy());
            } catch (RuntimeException e) {
                // Stored documents were checked when stored; a default changed since may refuse one.
                LOG.severe("The stored routing document no longer reads (" + e.getMessage() + "); the defaults route");
            }
        }
        loaded = new Loaded(tree, version, now);
        return tree;
    }

    public RoutingTree tree() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return tree(c);
        }
    }

    public RoutingTree defaults() {
        return RoutingTree.defaults(settings.timing(), settings.groupBy());
    }

    public RoutingTree parse(JsonObject document) {
        return RoutingTree.parse(document, settings.timing(), settings.groupBy());
    }

    /** Stores a checked document as the next version; the caller's transaction commits it. */
    public long store(Connection c, RoutingTree tree, String actor, long now) throws SQLException {
        long version;
        try (PreparedStatement select = c.prepareStatement("select version from alerting_config where name = ? for update")) {
            select.setString(1, ROW);
            try (ResultSet rs = select.executeQuery()) {
                version = rs.next() ? rs.getLong(1) : 0;
            }
        }
        String sql = version == 0
                ? "insert into alerting_config (body, version, updated_at, updated_by, name) values (?, ?, ?, ?, ?)"
                : "update alerting_config set body = ?, version = ?, updated_at = ?, updated_by = ? where name = ?";
        try (PreparedStatement write = c.prepareStatement(sql)) {
            write.setString(1, tree.document().toString());
            write.setLong(2, version + 1);
            write.setLong(3, now);
            write.setString(4, actor);
            write.setString(5, ROW);
            write.executeUpdate();
        }
        loaded = null;
        return version + 1;
    }
}
