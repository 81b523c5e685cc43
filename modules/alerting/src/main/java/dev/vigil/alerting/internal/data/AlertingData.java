package dev.vigil.alerting.internal.data;

import dev.vigil.alerting.internal.store.NotificationStore;
import dev.vigil.kernel.api.Ids;
import dev.vigil.kernel.api.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The only way admins read alerts, groups, channels and the notification log, and change channels,
 * guarded by the container: every method is admin-only, and a caller without the role gets
 * {@code EJBAccessException} from Liberty before any of this runs.
 */
@Stateless
@RolesAllowed(Roles.ADMIN)
public class AlertingData {

    @PersistenceContext(unitName = "vigil")
    EntityManager entityManager;

    /** An alert with its transitions, oldest first, and the groups it is in. */
    public record AlertDetail(AlertRow.View alert, List<TransitionRow.View> transitions, List<String> groups) {
    }

    /** Filters for the alert list; null means any. */
    public record AlertFilter(String state, String severity, String source, String name, String appId) {
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<AlertRow.View> alerts(AlertFilter filter, int limit) {
        StringBuilder jpql = new StringBuilder("select a from AlertRow a where 1 = 1");
        Map<String, Object> params = new HashMap<>();
        add(jpql, params, "state", filter.state());
        add(jpql, params, "severity", filter.severity());
        add(jpql, params, "source", filter.source());
        add(jpql, params, "name", filter.name());
        add(jpql, params, "appId", filter.appId());
        jpql.append(" order by a.updatedAt desc, a.id desc");
        var query = entityManager.createQuery(jpql.toString(), AlertRow.class).setMaxResults(limit);
        params.forEach(query::setParameter);
        return query.getResultStream().map(AlertRow::view).toList();
    }

    private static void add(StringBuilder jpql, Map<String, Object> params, String field, String value) {
        if (value != null) {
            jpql.append(" and a.").append(field).append(" = :").append(field);
            params.put(field, value);
        }
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<AlertDetail> alert(String id) {
        AlertRow row = entityManager.find(AlertRow.class, id);
        if (row == null) {
            return Optional.empty();
        }
        List<TransitionRow.View> transitions = entityManager.createQuery("select t from TransitionRow t"
                + " where t.alertId = :id order by t.at, t.id", TransitionRow.class).setParameter("id", id)
                .setMaxResults(1000).getResultStream().map(TransitionRow::view).toList();
        List<String> groups = entityManager.createNativeQuery("select group_id from alerting_group_alert where alert_id = ?")
                .setParameter(1, id).getResultList().stream().map(Object::toString).toList();
        return Optional.of(new AlertDetail(row.view(), transitions, groups));
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<GroupRow.View> groups(int limit) {
        Map<String, Long> counts = new HashMap<>();
        for (Object row : entityManager.createNativeQuery("select group_id, count(*) from alerting_group_alert group by group_id")
                .getResultList()) {
            Object[] cells = (Object[]) row;
            counts.put(cells[0].toString(), ((Number) cells[1]).longValue());
        }
        return entityManager.createQuery("select g from GroupRow g order by g.createdAt desc, g.id desc", GroupRow.class)
                .setMaxResults(limit).getResultStream().map(g -> g.view(counts.getOrDefault(g.id, 0L))).toList();
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<ChannelRow.View> channels() {
        return entityManager.createQuery("select c from ChannelRow c order by c.name", ChannelRow.class)
                .getResultStream().map(ChannelRow::view).toList();
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<ChannelRow.View> channel(String id) {
        return Optional.ofNullable(entityManager.find(ChannelRow.class, id)).map(ChannelRow::view);
    }

    /** A channel as a delivery reads it, sealed credential included, for a test notification. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<NotificationStore.Channel> deliverable(String id) {
        return Optional.ofNullable(entityManager.find(ChannelRow.class, id))
                .map(c -> new NotificationStore.Channel(c.id, c.name, c.type, c.settings, c.secret));
    }

    /** Creates a channel; a name already taken fails here, inside the caller's transaction. */
    public ChannelRow.View createChannel(String name, String type, String settings, String sealedSecret, long now) {
        ChannelRow row = new ChannelRow();
        row.id = Ids.newId();
        row.name = name;
        row.type = type;
        row.settings = settings;
        row.secret = sealedSecret;
        row.createdAt = now;
        row.updatedAt = now;
        entityManager.persist(row);
        entityManager.flush();
        return row.view();
    }

    /** Changes a channel's settings, and its credential when one is given; empty when there is no such channel. */
    public Optional<ChannelRow.View> updateChannel(String id, String settings, String sealedSecret, long now) {
        ChannelRow row = entityManager.find(ChannelRow.class, id);
        if (row == null) {
            return Optional.empty();
        }
        row.settings = settings;
        if (sealedSecret != null) {
            row.secret = sealedSecret;
        }
        row.updatedAt = now;
        entityManager.flush();
        return Optional.of(row.view());
    }

    public boolean deleteChannel(String id) {
        ChannelRow row = entityManager.find(ChannelRow.class, id);
        if (row == null) {
            return false;
        }
        entityManager.remove(row);
        return true;
    }

    /** Filters for the notification log; null means any. */
    public record NotificationFilter(String channel, String status, String groupId) {
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<NotificationRow.View> notifications(NotificationFilter filter, int limit) {
        StringBuilder jpql = new StringBuilder("select n from NotificationRow n where 1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (filter.channel() != null) {
            jpql.append(" and n.channelName = :channel");
            params.put("channel", filter.channel());
        }
        if (filter.status() != null) {
            jpql.append(" and n.status = :status");
            params.put("status", filter.status());
        }
        if (filter.groupId() != null) {
            jpql.append(" and n.groupId = :groupId");
            params.put("groupId", filter.groupId());
        }
        jpql.append(" order by n.createdAt desc, n.id desc");
        var query = entityManager.createQuery(jpql.toString(), NotificationRow.class).setMaxResults(limit);
        params.forEach(query::setParameter);
        return query.getResultStream().map(NotificationRow::view).toList();
    }

    /** One notification with the message it sends. */
    public record NotificationDetail(NotificationRow.View notification, String message) {
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<NotificationDetail> notification(String id) {
        return Optional.ofNullable(entityManager.find(NotificationRow.class, id))
                .map(n -> new NotificationDetail(n.view(), n.message));
    }
}
