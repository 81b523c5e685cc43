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

    /**
     * Changes a channel's settings, and its credential when one is given; empty when there is no such
     * channel. (A bulk update: fields written from outside an entity escape EclipseLink's woven
     * change tracking.)
     */
    public Optional<ChannelRow.View> updateChannel(String id, String settings, String sealedSecret, long now) {
        entityManager.flush();
        entityManager.clear();
        var update = entityManager.createQuery("update ChannelRow c set c.settings = :settings, c.updatedAt = :now"
                        + (sealedSecret == null ? "" : ", c.secret = :secret") + " where c.id = :id")
                .setParameter("settings", settings).setParameter("now", now).setParameter("id", id);
        if (sealedSecret != null) {
            update.setParameter("secret", sealedSecret);
        }
        int updated = update.executeUpdate();
        entityManager.clear();
        return updated == 0 ? Optional.empty() : channel(id);
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

    /** Mutes of one kind; silences that ended before {@code since} are left out. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<MuteRow.View> mutes(String kind, long since, int limit) {
        long now = System.currentTimeMillis();
        return entityManager.createQuery("select m from MuteRow m where m.kind = :kind and (m.endsAt is null or m.endsAt >= :since)"
                + " order by m.createdAt desc, m.id desc", MuteRow.class).setParameter("kind", kind).setParameter("since", since)
                .setMaxResults(limit).getResultStream().map(m -> m.view(now)).toList();
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<MuteRow.View> mute(String kind, String id) {
        MuteRow row = entityManager.find(MuteRow.class, id);
        return row == null || !row.kind.equals(kind) ? Optional.empty() : Optional.of(row.view(System.currentTimeMillis()));
    }

    /** Mutes of one kind in force (silences not yet ended). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public long countMutes(String kind, long now) {
        return entityManager.createQuery("select count(m) from MuteRow m where m.kind = :kind and (m.endsAt is null"
                + " or m.endsAt > :now)", Long.class).setParameter("kind", kind).setParameter("now", now).getSingleResult();
    }

    /** Stores a checked mute definition. */
    public MuteRow.View createMute(String kind, String definition, Long startsAt, Long endsAt, String comment, String actor,
            long now) {
        MuteRow row = new MuteRow();
        row.id = Ids.newId();
        row.kind = kind;
        row.definition = definition;
        row.startsAt = startsAt;
        row.endsAt = endsAt;
        row.comment = comment;
        row.createdBy = actor;
        row.createdAt = now;
        row.updatedAt = now;
        entityManager.persist(row);
        return row.view(now);
    }

    /** Ends a silence now (it was pending or active); false when there is no such silence still in force. */
    public boolean expireSilence(String id, long now) {
        entityManager.flush();
        entityManager.clear();
        boolean expired = entityManager.createQuery("update MuteRow m set m.endsAt = :now, m.updatedAt = :now,"
                        + " m.startsAt = case when m.startsAt > :now then :now else m.startsAt end"
                        + " where m.id = :id and m.kind = 'silence' and m.endsAt > :now")
                .setParameter("now", now).setParameter("id", id).executeUpdate() == 1;
        entityManager.clear();
        return expired;
    }

    /** Deletes a window or an inhibition rule. */
    public boolean deleteMute(String kind, String id) {
        MuteRow row = entityManager.find(MuteRow.class, id);
        if (row == null || !row.kind.equals(kind)) {
            return false;
        }
        entityManager.remove(row);
        return true;
    }

    /** Every group with a look pending looks now: a silence ended early, a window or rule went away. */
    public int lookAgainNow(long now) {
        return entityManager.createNativeQuery("update alerting_group set next_flush_at = ? where next_flush_at > ?")
                .setParameter(1, now).setParameter(2, now).executeUpdate();
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
