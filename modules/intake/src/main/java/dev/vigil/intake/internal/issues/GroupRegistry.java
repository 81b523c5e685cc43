package dev.vigil.intake.internal.issues;

import dev.vigil.kernel.api.AppRows;
import dev.vigil.kernel.api.AppScope;
import dev.vigil.kernel.api.Ids;
import dev.vigil.kernel.api.Transactional;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Finds or creates the group of an app and fingerprint. Creation commits in its own transaction, so
 * two servers creating the same group at once cannot fail a report: the loser of the unique
 * constraint reads the winner's row. (A group whose first report then fails stays with no reports;
 * lists leave such groups out.) Groups are never deleted, so each server remembers the ids it has
 * seen and asks the database only for fingerprints new to it.
 */
@ApplicationScoped
public class GroupRegistry {

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    /** Fingerprints remembered per server; dropped whole when this many are known. */
    static final int MAX_REMEMBERED = 100_000;

    private final Map<String, String> known = new ConcurrentHashMap<>();

    /** This bean through its proxy, so {@link #create} gets its own transaction. */
    @Inject
    GroupRegistry self;

    /**
     * The group's id, and whether no report has been counted into it yet: created by this call, or
     * created earlier for a report whose transaction then failed. The first report stored into such
     * a group opens it.
     */
    public record Found(String id, boolean empty) {
    }

    public Found ensure(String appId, String fingerprint, String title, long now)
            throws SQLException {
        String key = ReportPreparation.Prepared.perApp(appId, fingerprint);
        String remembered = known.get(key);
        if (remembered != null) {
            return new Found(remembered, false);
        }
        Found found = findOrCreate(appId, fingerprint, title, now);
        if (known.size() >= MAX_REMEMBERED) {
            known.clear();
        }
        known.put(key, found.id());
        return found;
    }

    /** Forgets every remembered group, should the database have changed under this server. */
    public void forget() {
        known.clear();
    }

    private Found findOrCreate(String appId, String fingerprint, String title, long now) throws SQLException {
        Optional<Found> existing = find(appId, fingerprint);
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            return new Found(self.create(appId, fingerprint, title, now), true);
        } catch (RuntimeException e) {
            return find(appId, fingerprint).orElseThrow(() -> e);
        }
    }

    @Transactional(Transactional.Type.REQUIRES_NEW)
    public String create(String appId, String fingerprint, String title, long now) {
        String id = Ids.newId();
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement("insert into intake_group"
                     + " (id, app_id, fingerprint, title, status, first_seen, last_seen, report_count)"
                     + " values (?, ?, ?, ?, 'new', ?, ?, 0)")) {
            insert.setString(1, id);
            insert.setString(2, appId);
            insert.setString(3, fingerprint);
            insert.setString(4, title);
            insert.setLong(5, now);
            insert.setLong(6, now);
            insert.executeUpdate();
            return id;
        } catch (SQLException e) {
            throw new IllegalStateException("group not created: " + e.getSQLState(), e);
        }
    }

    private Optional<Found> find(String appId, String fingerprint) throws SQLException {
        return AppRows.select(AppScope.app(appId), "select g.id, g.report_count from intake_group g", "g")
                .and("g.fingerprint = ?", fingerprint)
                .list(dataSource, 1, rs -> new Found(rs.getString(1), rs.getLong(2) == 0)).stream().findFirst();
    }
}
