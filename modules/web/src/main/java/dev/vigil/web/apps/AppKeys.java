package dev.vigil.web.apps;

import dev.vigil.kernel.api.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;

/** Turns a presented API key into the app it belongs to, or nothing. */
@ApplicationScoped
public class AppKeys {

    @PersistenceContext(unitName = "vigil")
    EntityManager entityManager;

    /**
     * Looks the key up by its indexed prefix and compares the secret's hash in constant time. A
     * revoked key is not found, so revocation takes effect on the next request.
     */
    public Optional<Caller> authenticate(String token) {
        Optional<ApiKey> presented = ApiKey.parse(token);
        if (presented.isEmpty()) {
            return Optional.empty();
        }
        return entityManager.createQuery(
                        "select k from AppKey k join fetch k.app where k.prefix = :prefix and k.revokedAt is null",
                        AppKey.class)
                .setParameter("prefix", presented.get().prefix())
                .getResultStream()
                .findFirst()
                .filter(key -> presented.get().matches(key.secretHash()))
                .map(key -> Caller.app(key.app().id(), key.app().name()));
    }
}
