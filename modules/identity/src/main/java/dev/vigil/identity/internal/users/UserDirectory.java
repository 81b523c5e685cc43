package dev.vigil.identity.internal.users;

import dev.vigil.identity.internal.security.PasswordHashing;
import dev.vigil.kernel.api.AuditTrail;
import dev.vigil.kernel.api.Caller;
import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.Ids;
import dev.vigil.kernel.api.Transactional;
import dev.vigil.kernel.api.VigilException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Creates and lists members and admins; passwords are hashed before they reach the database. */
@ApplicationScoped
@Transactional
public class UserDirectory {

    @PersistenceContext(unitName = "vigil")
    EntityManager entityManager;

    @Inject
    PasswordHashing passwords;

    @Inject
    AuditTrail audit;

    @Inject
    Clock clock;

    public record UserView(String id, String username, String role, boolean enabled, Instant createdAt) {
    }

    public UserView create(String username, String password, Caller.Role role, Caller actor) {
        if (find(username).isPresent()) {
            throw new VigilException(ErrorCode.INVALID_REQUEST, "A user named '" + username + "' already exists");
        }
        User user = new User(Ids.newId(), username, passwords.hash(password), role.value(), clock.instant());
        entityManager.persist(user);
        audit.record(actor, "user.created", "user:" + username, "role=" + role.value());
        return user.toView();
    }

    public List<UserView> list() {
        return entityManager.createQuery("select u from User u order by u.username", User.class)
                .setMaxResults(1000).getResultStream().map(User::toView).toList();
    }

    public boolean exists(String username) {
        return find(username).isPresent();
    }

    private Optional<User> find(String username) {
        return entityManager.createQuery("select u from User u where u.username = :username", User.class)
                .setParameter("username", username).getResultStream().findFirst();
    }
}
