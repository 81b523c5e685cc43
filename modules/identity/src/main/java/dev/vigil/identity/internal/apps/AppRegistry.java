package dev.vigil.identity.internal.apps;

import dev.vigil.identity.internal.apps.AppViews.AppView;
import dev.vigil.identity.internal.apps.AppViews.CreatedApp;
import dev.vigil.identity.internal.apps.AppViews.IssuedKey;
import dev.vigil.identity.internal.apps.AppViews.KeyView;
import dev.vigil.kernel.api.AuditTrail;
import dev.vigil.kernel.api.Caller;
import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.Ids;
import dev.vigil.kernel.api.Transactional;
import dev.vigil.kernel.api.VigilException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.util.List;

/** Registers apps and manages their keys; every change is audited in the same transaction. */
@ApplicationScoped
@Transactional
public class AppRegistry {

    /** Two live keys let an app roll a new key out before the old one is revoked. */
    static final int MAX_LIVE_KEYS = 2;

    @PersistenceContext(unitName = "vigil")
    EntityManager entityManager;

    @Inject
    AuditTrail audit;

    @Inject
    Clock clock;

    @Inject
    Event<AppKeys.Revoked> revoked;

    public CreatedApp create(String name, Caller actor) {
        boolean taken = !entityManager.createQuery("select a.id from App a where a.name = :name", String.class)
                .setParameter("name", name).setMaxResults(1).getResultList().isEmpty();
        if (taken) {
            throw new VigilException(ErrorCode.INVALID_REQUEST, "An app named '" + name + "' already exists");
        }
        App app = new App(Ids.newId(), name, clock.instant(), actor.actor());
        entityManager.persist(app);
        ApiKey key = ApiKey.generate();
        entityManager.persist(new AppKey(Ids.newId(), app, key, clock.instant()));
        audit.record(actor, "app.created", "app:" + app.id(), "name=" + name);
        return new CreatedApp(app.id(), app.name(), key.token());
    }

    public List<AppView> list() {
        return entityManager.createQuery("select a from App a order by a.name", App.class)
                .setMaxResults(1000)
                .getResultStream()
                .map(this::view)
                .toList();
    }

    public AppView get(String appId) {
        return view(find(appId));
    }

    public IssuedKey issueKey(String appId, Caller actor) {
        App app = entityManager.find(App.class, appId, LockModeType.PESSIMISTIC_WRITE);
        if (app == null) {
            throw VigilException.notFound("App");
        }
        long live = entityManager.createQuery(
                        "select count(k) from AppKey k where k.app = :app and k.revokedAt is null", Long.class)
                .setParameter("app", app).getSingleResult();
        if (live >= MAX_LIVE_KEYS) {
            throw new VigilException(ErrorCode.INVALID_REQUEST, "The app already has " + MAX_LIVE_KEYS
                    + " live keys; revoke one before issuing another");
        }
        ApiKey key = ApiKey.generate();
        AppKey stored = new AppKey(Ids.newId(), app, key, clock.instant());
        entityManager.persist(stored);
        audit.record(actor, "app.key.issued", "app:" + appId, "key=" + stored.id() + " prefix=" + key.prefix());
        return new IssuedKey(stored.id(), key.token());
    }

    public void revokeKey(String appId, String keyId, Caller actor) {
        AppKey key = entityManager.find(AppKey.class, keyId);
        if (key == null || !key.app().id().equals(appId)) {
            throw VigilException.notFound("Key");
        }
        if (key.revokedAt().isEmpty()) {
            key.revoke(clock.instant());
            audit.record(actor, "app.key.revoked", "app:" + appId, "key=" + keyId);
            revoked.fire(new AppKeys.Revoked(keyId));
        }
    }

    private App find(String appId) {
        App app = entityManager.find(App.class, appId);
        if (app == null) {
            throw VigilException.notFound("App");
        }
        return app;
    }

    private AppView view(App app) {
        List<KeyView> keys = entityManager.createQuery(
                        "select k from AppKey k where k.app = :app order by k.createdAt", AppKey.class)
                .setParameter("app", app).getResultStream().map(KeyView::of).toList();
        return new AppView(app.id(), app.name(), app.createdAt(), keys);
    }
}
