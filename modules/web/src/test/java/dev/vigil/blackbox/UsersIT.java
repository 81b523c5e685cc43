package dev.vigil.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.BlackBox;
import dev.vigil.testing.Http;
import dev.vigil.testing.Http.Auth;
import dev.vigil.testing.Personas;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Members and admins created over the admin API log in with HTTP Basic. */
@ExtendWith(BlackBox.class)
class UsersIT {

    private final Http http = BlackBox.http();
    private final Personas personas = BlackBox.personas();

    private static String user(String name, String password, String role) {
        return "{\"username\":\"" + name + "\",\"password\":\"" + password + "\",\"role\":\"" + role + "\"}";
    }

    @Test
    void aNewMemberLogsInAsAMember() {
        String name = "erin-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(http.postJson("api/v1/admin/users", personas.admin(), user(name, "erins-long-password", "member"))
                .status()).isEqualTo(201);
        var me = http.get("api/v1/me", Auth.basic(name, "erins-long-password")).json();
        assertThat(me.getString("kind")).isEqualTo("user");
        assertThat(me.getString("name")).isEqualTo(name);
        assertThat(me.getJsonArray("roles").getString(0)).isEqualTo("member");
        assertThat(http.get("api/v1/admin/users", Auth.basic(name, "erins-long-password")).status()).isEqualTo(403);
    }

    @Test
    void aNewAdminCanAdminister() {
        String name = "fay-" + UUID.randomUUID().toString().substring(0, 8);
        http.postJson("api/v1/admin/users", personas.admin(), user(name, "fays-long-password", "admin"));
        assertThat(http.get("api/v1/admin/users", Auth.basic(name, "fays-long-password")).body()).contains(name);
    }

    @Test
    void badUsersAreRefused() {
        assertThat(http.postJson("api/v1/admin/users", personas.admin(), user("gus", "short", "member")).code())
                .isEqualTo("invalid_request");
        assertThat(http.postJson("api/v1/admin/users", personas.admin(), user("gus", "long-enough-pass", "root"))
                .status()).isEqualTo(400);
        assertThat(http.postJson("api/v1/admin/users", personas.admin(), user("Bad Name", "long-enough-pass",
                "member")).status()).isEqualTo(400);
        assertThat(http.postJson("api/v1/admin/users", personas.admin(), user("bob", "another-long-pass", "admin"))
                .status()).isEqualTo(400);
        assertThat(http.get("api/v1/me", Auth.basic("bob", "another-long-pass")).status()).isEqualTo(401);
    }

    @Test
    void passwordsNeverAppearInResponses() {
        assertThat(http.get("api/v1/admin/users", personas.admin()).body())
                .doesNotContain("password").doesNotContain("PBKDF2");
    }
}
