package dev.vigil.kernel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {

    @Test
    void actorsNameTheirKind() {
        assertThat(Caller.user("alice", Set.of(Caller.Role.ADMIN)).actor()).isEqualTo("user:alice");
        assertThat(Caller.app("a1", "shop").actor()).isEqualTo("app:a1");
        assertThat(Caller.ANONYMOUS.isAuthenticated()).isFalse();
    }

    @Test
    void onlyAdminsAreAdmins() {
        assertThat(Caller.user("bob", Set.of(Caller.Role.MEMBER)).isAdmin()).isFalse();
        assertThat(Caller.user("alice", Set.of(Caller.Role.ADMIN)).isAdmin()).isTrue();
        assertThat(Caller.app("a1", "shop").isAdmin()).isFalse();
        assertThat(Caller.Role.parse("member")).contains(Caller.Role.MEMBER);
        assertThat(Caller.Role.parse("root")).isEmpty();
    }
}
