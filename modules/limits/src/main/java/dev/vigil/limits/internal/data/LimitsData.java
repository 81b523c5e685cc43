package dev.vigil.limits.internal.data;

import dev.vigil.kernel.api.Roles;
import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * The limits module's ops data, guarded by the container: admins read rate-limit events and
 * idempotency statistics; only the system identity (the pressure flush's timer, the cleanup job)
 * writes events and removes what has expired. A caller without the role gets
 * {@code EJBAccessException} from Liberty before any of this code runs.
 *
 * <p>Reads are JPQL over the entities of this package. The event flush stays batched JDBC on one
 * connection (an update, else an insert, per counted key) - see the module README for why.
 */
@Stateless
@RolesAllowed(Roles.ADMIN)
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class LimitsData {

    @PersistenceContext(unitName = "vigil")
    EntityManager entityManager;

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    public record Count(String policy, String outcome, long occurrences, long keys) {
    }

    public record EventView(String policy, String key, String outcome, long windowStart, long occurrences) {
    }

    public record IdempotencyStats(long keys, long inFlight, long completed) {
    }

    /** Occurrences of one policy, key and outcome in one window, counted on this server. */
    public record EventCount(String policy, String key, String outcome, long bucketStart, long occurrences) {
    }

    /** How many counts of a flush were written; {@code failure} is what stopped the rest, if anything. */
    public record Written(int count, SQLException failure) {
    }

    /** Refused and fallback decisions by policy and outcome since {@code since} (epoch ms), most first. */
    public List<Count> summary(long since) {
        List<Object[]> rows = entityManager.createQuery("select e.policy, e.outcome, sum(e.occurrences),"
                        + " count(distinct e.key) from RateLimitEvent e where e.bucketStart >= :since"
                        + " group by e.policy, e.outcome", Object[].class)
                .setParameter("since", since)
                .getResultList();
        return rows.stream()
                .map(r -> new Count((String) r[0], (String) r[1], number(r[2]), number(r[3])))
                .sorted((a, b) -> Long.compare(b.occurrences(), a.occurrences()))
                .toList();
    }

    /** The most recent events, newest window first. */
    public List<EventView> events(int limit) {
        return entityManager.createQuery("select e from RateLimitEvent e order by e.bucketStart desc",
                        RateLimitEvent.class)
                .setMaxResults(limit)
                .getResultStream().map(RateLimitEvent::view).toList();
    }

    /** Stored idempotency keys not yet expired at {@code now}, and how many are still in flight. */
    public IdempotencyStats idempotency(long now) {
        Object[] row = entityManager.createQuery("select count(i), sum(case when i.status is null then 1 else 0 end)"
                        + " from IdempotencyEntry i where i.expiresAt > :now", Object[].class)
                .setParameter("now", now)
                .getSingleResult();
        long keys = number(row[0]);
        long inFlight = number(row[1]);
        return new IdempotencyStats(keys, inFlight, keys - inFlight);
    }

    /**
     * Adds this server's counts to the stored windows, in order, each in its own statement (rows
     * from several servers for one window add up). Stops at the first failure and says how many
     * were written, so the caller keeps the rest for the next flush.
     */
    @RolesAllowed(Roles.SYSTEM)
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Written addEvents(List<EventCount> counts) {
        int written = 0;
        try (Connection c = dataSource.getConnection();
             PreparedStatement update = c.prepareStatement("update limits_event set occurrences = occurrences + ?"
                     + " where policy = ? and bucket_key = ? and outcome = ? and bucket_start = ?");
             PreparedStatement insert = c.prepareStatement("insert into limits_event"
                     + " (policy, bucket_key, outcome, bucket_start, occurrences) values (?, ?, ?, ?, ?)")) {
            for (EventCount count : counts) {
                upsert(update, insert, count);
                written++;
            }
            return new Written(written, null);
        } catch (SQLException e) {
            return new Written(written, e);
        } catch (RuntimeException e) {
            // What was written stays written: the caller keeps only the rest for the next flush.
            return new Written(written, new SQLException(e.toString(), e));
        }
    }

    /** Removes quota windows that ended before {@code now}, in a transaction of its own. */
    @RolesAllowed(Roles.SYSTEM)
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int purgeQuotaWindows(long now) {
        return delete("delete from QuotaWindow w where w.expiresAt < :t", now);
    }

    /** Removes idempotency keys expired at {@code now}, in a transaction of its own. */
    @RolesAllowed(Roles.SYSTEM)
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int purgeIdempotencyKeys(long now) {
        return delete("delete from IdempotencyEntry i where i.expiresAt <= :t", now);
    }

    /** Removes events of windows that started before {@code before}, in a transaction of its own. */
    @RolesAllowed(Roles.SYSTEM)
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int purgeEvents(long before) {
        return delete("delete from RateLimitEvent e where e.bucketStart < :t", before);
    }

    private int delete(String jpql, long bound) {
        return entityManager.createQuery(jpql).setParameter("t", bound).executeUpdate();
    }

    private static void upsert(PreparedStatement update, PreparedStatement insert, EventCount count)
            throws SQLException {
        update.setLong(1, count.occurrences());
        update.setString(2, count.policy());
        update.setString(3, count.key());
        update.setString(4, count.outcome());
        update.setLong(5, count.bucketStart());
        if (update.executeUpdate() > 0) {
            return;
        }
        try {
            insert.setString(1, count.policy());
            insert.setString(2, count.key());
            insert.setString(3, count.outcome());
            insert.setLong(4, count.bucketStart());
            insert.setLong(5, count.occurrences());
            insert.executeUpdate();
        } catch (SQLException e) {
            if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                throw e;
            }
            update.executeUpdate(); // another server inserted the window first: add to it
        }
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
