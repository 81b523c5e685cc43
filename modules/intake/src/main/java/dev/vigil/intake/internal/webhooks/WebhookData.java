package dev.vigil.intake.internal.webhooks;

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
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The only way to {@code intake_webhook_source} and {@code intake_webhook_delivery}, guarded by the
 * container: admins register sources, rotate their secrets and read deliveries; the system identity
 * reads sources to check a delivery's signature, stores deliveries ({@link WebhookReceiver}) and
 * reseals secrets (a tracked job). A caller without the role gets {@code EJBAccessException} from
 * Liberty before any of this code runs.
 */
@Stateless
@RolesAllowed(Roles.ADMIN)
public class WebhookData {

    @PersistenceContext(unitName = "vigil")
    EntityManager entityManager;

    @Resource(lookup = "jdbc/vigil")
    DataSource dataSource;

    /** A registered sender; {@code sealedSecret} is never shown to anyone. */
    public record Source(String id, String name, SignatureScheme scheme, String sealedSecret, Instant createdAt,
            String createdBy) {
    }

    public record Delivery(String id, String deliveryId, Instant receivedAt, String contentType, int bytes) {
    }

    @RolesAllowed({Roles.ADMIN, Roles.SYSTEM})
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Source> source(String name) {
        return entityManager.createQuery("select s from RegisteredSource s where s.name = :name", RegisteredSource.class)
                .setParameter("name", name)
                .getResultStream().findFirst().map(RegisteredSource::view);
    }

    @RolesAllowed({Roles.ADMIN, Roles.SYSTEM})
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<Source> sources() {
        return entityManager.createQuery("select s from RegisteredSource s order by s.name", RegisteredSource.class)
                .getResultStream().map(RegisteredSource::view).toList();
    }

    public void insertSource(Source source) {
        entityManager.persist(new RegisteredSource(source));
        entityManager.flush(); // a duplicate name fails here, inside the caller's transaction
    }

    public boolean replaceSecret(String name, String sealedSecret) {
        return entityManager.createQuery("update RegisteredSource s set s.sealedSecret = :secret where s.name = :name")
                .setParameter("secret", sealedSecret)
                .setParameter("name", name)
                .executeUpdate() == 1;
    }

    /** Replaces a source's sealed secret only if it is still the one read: a concurrent PUT wins. */
    @RolesAllowed(Roles.SYSTEM)
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean resealSecret(String id, String expected, String resealed) {
        return entityManager.createQuery("update RegisteredSource s set s.sealedSecret = :resealed"
                        + " where s.id = :id and s.sealedSecret = :expected")
                .setParameter("resealed", resealed)
                .setParameter("id", id)
                .setParameter("expected", expected)
                .executeUpdate() == 1;
    }

    /**
     * Stores a delivery in its own (auto-committed) statement: one JDBC insert, whose unique
     * violation is the replay answer.
     *
     * @param contentHash SHA-256 of the source and the signed content (timestamp and body)
     * @return false when this source already has a delivery with this id or this signed content: a
     *     replay, nothing stored
     */
    @RolesAllowed(Roles.SYSTEM)
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public boolean insertDelivery(String id, String sourceId, String deliveryId, String contentHash, Instant receivedAt,
            String contentType, String body) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement("insert into intake_webhook_delivery (id, source_id,"
                     + " delivery_id, content_hash, received_at, content_type, body) values (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, sourceId);
            insert.setString(3, deliveryId);
            insert.setString(4, contentHash);
            insert.setLong(5, receivedAt.toEpochMilli());
            insert.setString(6, contentType);
            insert.setString(7, body);
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                return false;
            }
            throw e;
        }
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<Delivery> deliveries(String sourceId, int limit) {
        List<Object[]> rows = entityManager.createQuery("select d.id, d.deliveryId, d.receivedAt, d.contentType,"
                        + " function('octet_length', d.body) from ReceivedDelivery d where d.sourceId = :source"
                        + " order by d.receivedAt desc, d.id desc", Object[].class)
                .setParameter("source", sourceId)
                .setMaxResults(limit)
                .getResultList();
        return rows.stream().map(r -> new Delivery((String) r[0], (String) r[1],
                Instant.ofEpochMilli(((Number) r[2]).longValue()), (String) r[3], ((Number) r[4]).intValue())).toList();
    }
}
