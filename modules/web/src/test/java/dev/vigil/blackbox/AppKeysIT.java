package dev.vigil.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.BlackBox;
import dev.vigil.testing.Http;
import dev.vigil.testing.Http.Auth;
import dev.vigil.testing.Personas;
import jakarta.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An app's keys over HTTP: shown once, rotated with two live keys, revoked at once, audited. */
@ExtendWith(BlackBox.class)
class AppKeysIT {

    private final Http http = BlackBox.http();
    private final Personas personas = BlackBox.personas();

    @Test
    void keysRotateAndRevokedKeysStopAtOnce() {
        Personas.App app = Personas.app(http, personas.admin(), "rotating-" + UUID.randomUUID());
        JsonObject me = http.get("api/v1/me", app.auth()).json();
        assertThat(me.getString("kind")).isEqualTo("app");
        assertThat(me.getString("appId")).isEqualTo(app.id());

        var issued = http.post("api/v1/admin/apps/" + app.id() + "/keys", personas.admin());
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        Auth second = Auth.bearer(issued.json().getString("apiKey"));
        assertThat(http.get("api/v1/me", second).status()).isEqualTo(200);
        assertThat(http.post("api/v1/admin/apps/" + app.id() + "/keys", personas.admin()).status()).isEqualTo(400);

        assertThat(http.delete("api/v1/admin/apps/" + app.id() + "/keys/" + app.keyId(), personas.admin()).status())
                .isEqualTo(204);
        assertThat(http.get("api/v1/me", app.auth()).status()).isEqualTo(401);
        assertThat(http.get("api/v1/me", second).status()).isEqualTo(200);
    }

    @Test
    void secretsAreShownOnlyOnce() {
        Personas.App app = Personas.app(http, personas.admin(), "once-" + UUID.randomUUID());
        String secret = app.apiKey().substring("vgl_".length() + 13);
        assertThat(http.get("api/v1/admin/apps", personas.admin()).body()).contains(app.id()).doesNotContain(secret);
        assertThat(http.get("api/v1/admin/apps/" + app.id(), personas.admin()).body()).doesNotContain(secret);
        assertThat(http.get("api/v1/admin/audit?limit=200", personas.admin()).body()).doesNotContain(secret);
        assertThat(BlackBox.server().log()).doesNotContain(secret);
    }

    @Test
    void adminActionsAreAudited() {
        Personas.App app = Personas.app(http, personas.admin(), "audited-" + UUID.randomUUID());
        http.delete("api/v1/admin/apps/" + app.id() + "/keys/" + app.keyId(), personas.admin());
        var audit = http.get("api/v1/admin/audit?limit=200", personas.admin());
        assertThat(audit.status()).isEqualTo(200);
        var actions = audit.jsonValue().asJsonArray().stream().map(JsonObject.class::cast)
                .filter(e -> e.getString("target").equals("app:" + app.id()))
                .map(e -> e.getString("actor") + " " + e.getString("action")).toList();
        assertThat(actions).containsExactly("user:admin app.key.revoked", "user:admin app.created");
    }

    @Test
    void membersAndAppsCannotManageKeys() {
        Personas.App app = personas.alpha();
        assertThat(http.post("api/v1/admin/apps/" + app.id() + "/keys", personas.member()).status()).isEqualTo(403);
        assertThat(http.delete("api/v1/admin/apps/" + app.id() + "/keys/" + app.keyId(), app.auth()).status())
                .isEqualTo(403);
        assertThat(http.get("api/v1/me", app.auth()).status()).isEqualTo(200);
    }
}
