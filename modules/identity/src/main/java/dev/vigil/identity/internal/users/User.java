package dev.vigil.identity.internal.users;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A member or admin. The identity store reads this table directly (see UserIdentityStore). */
@Entity
@Table(name = "identity_user")
public class User {

    @Id
    @Column(length = 36)
    private String id;

    @Column(nullable = false, unique = true, length = 64)
    private String username;

    @Column(name = "password_hash", nullable = false, length = 512)
    private String passwordHash;

    @Column(nullable = false, length = 16)
    private String role;

    @Column(nullable = false)
    private boolean enabled;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected User() {
    }

    User(String id, String username, String passwordHash, String role, Instant createdAt) {
        this.id = id;
        this.username = username;
        this.passwordHash = passwordHash;
        this.role = role;
        this.enabled = true;
        this.createdAt = createdAt;
    }

    UserDirectory.UserView toView() {
        return new UserDirectory.UserView(id, username, role, enabled, createdAt);
    }

    void changePassword(String newHash) {
        this.passwordHash = newHash;
    }
}
