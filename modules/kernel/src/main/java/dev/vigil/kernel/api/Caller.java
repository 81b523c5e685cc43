package dev.vigil.kernel.api;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who is calling: nobody, a member or admin (a user), or an app (by API key). Modules decide
 * what a caller may see from this alone.
 */
public record Caller(Kind kind, String name, Set<Role> roles, Optional<String> appId) {

    public enum Kind { ANONYMOUS, USER, APP }

    public enum Role {
        ADMIN("admin"), MEMBER("member"), APP("app");

        private final String value;

        Role(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        public static Optional<Role> parse(String value) {
            for (Role role : values()) {
                if (role.value.equals(value)) {
                    return Optional.of(role);
                }
            }
            return Optional.empty();
        }
    }

    public static final Caller ANONYMOUS = new Caller(Kind.ANONYMOUS, "anonymous", Set.of(), Optional.empty());

    /** The request attribute under which the identity module's authentication leaves the caller. */
    public static final String REQUEST_ATTRIBUTE = Caller.class.getName();

    /** The caller stored in that attribute, or anonymous. */
    public static Caller fromAttribute(Object attribute) {
        return attribute instanceof Caller caller ? caller : ANONYMOUS;
    }

    public Caller {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        roles = Set.copyOf(roles);
        Objects.requireNonNull(appId, "appId");
    }

    public static Caller user(String username, Set<Role> roles) {
        return new Caller(Kind.USER, username, roles, Optional.empty());
    }

    public static Caller app(String appId, String appName) {
        return new Caller(Kind.APP, appName, Set.of(Role.APP), Optional.of(appId));
    }

    public boolean isAuthenticated() {
        return kind != Kind.ANONYMOUS;
    }

    public boolean isAdmin() {
        return roles.contains(Role.ADMIN);
    }

    /** Members and admins: people who may read every app's reports. */
    public boolean isUser() {
        return kind == Kind.USER;
    }

    public boolean isApp() {
        return kind == Kind.APP;
    }

    /** Audit-log name: {@code user:alice} or {@code app:<id>}. */
    public String actor() {
        return switch (kind) {
            case USER -> "user:" + name;
            case APP -> "app:" + appId.orElseThrow();
            case ANONYMOUS -> "anonymous";
        };
    }
}
