package dev.vigil.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.BlackBox;
import dev.vigil.testing.Http;
import dev.vigil.testing.Http.Auth;
import dev.vigil.testing.Http.Reply;
import dev.vigil.testing.Personas;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rollback triggers on a running server: an admin's trigger fires for the app version whose
 * telemetry meets it at the watch's run, shows on the release view with its runbook, raises an
 * alert and the firing gauge, and resolves once the trigger is disabled.
 */
@ExtendWith(BlackBox.class)
class RollbackTriggersIT {

    private final Http http = BlackBox.http();
    private final Personas personas = BlackBox.personas();

    private Reply put(Auth who, String name, String body) {
        return http.send("PUT", "api/v1/admin/rollback-triggers/" + name, who, "application/json",
                HttpRequest.BodyPublishers.ofString(body));
    }

    private JsonArray alerts(String state, String trigger) {
        return jakarta.json.Json.createArrayBuilder(http.get("api/v1/admin/alerts?name=RollbackTrigger&state=" + state, personas.admin()).jsonValue()
                        .asJsonArray().stream().filter(a -> a.asJsonObject().getJsonObject("labels").getString("trigger", "")
                                .equals(trigger)).toList()).build();
    }

    @Test
    void aTriggerFiresForTheVersionThatMeetsItAndResolvesWhenDisabled() {
        Personas.App app = Personas.app(http, personas.admin(), "triggers-" + UUID.randomUUID());
        String name = "it-" + UUID.randomUUID().toString().substring(0, 8);
        String trigger = "{\"app\": \"" + app.id() + "\", \"expression\": \"increase(\\\"it.blocked\\\", \\\"15m\\\") >= 3\","
                + " \"description\": \"three blocks\", \"runbook\": \"queue-non-recovery.md\", \"severity\": \"warning\"}";
        assertThat(put(personas.member(), name, trigger).status()).isEqualTo(403);
        assertThat(put(personas.admin(), name, trigger.replace(">= 3", ">= ")).code()).isEqualTo("invalid_request");
        assertThat(put(personas.admin(), name, trigger.replace("15m", "15 parsecs")).code()).isEqualTo("invalid_request");
        assertThat(put(personas.admin(), name, trigger).status()).isEqualTo(201);

        Instant at = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(3, ChronoUnit.MINUTES);
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            events.append(i == 0 ? "" : ", ").append("{\"id\": \"b").append(i).append("\", \"type\": \"it.blocked\", \"at\": \"")
                    .append(at.plusSeconds(i)).append("\", \"appVersion\": \"").append(i == 0 ? "7.0.0" : "7.1.0").append("\"}");
        }
        events.append(", {\"id\": \"b3\", \"type\": \"it.blocked\", \"at\": \"").append(at).append("\", \"appVersion\": \"7.1.0\"}");
        assertThat(http.postJson("api/v1/telemetry", app.auth(), "{\"events\": [" + events + "]}").status()).isEqualTo(202);

        Reply run = http.post("api/v1/admin/jobs/rollback-triggers/runs", personas.admin());
        assertThat(run.status()).as(run.toString()).isEqualTo(200);
        assertThat(run.json().getBoolean("succeeded")).as(run.toString()).isTrue();

        JsonObject releases = http.get("api/v1/releases?app=" + app.id(), personas.member()).json();
        JsonObject fired = releases.getJsonArray("versions").stream().map(JsonObject.class::cast)
                .filter(v -> v.getString("version").equals("7.1.0")).findFirst().orElseThrow();
        assertThat(fired.getJsonArray("triggers")).hasSize(1);
        JsonObject state = fired.getJsonArray("triggers").getJsonObject(0);
        assertThat(state.getString("name")).isEqualTo(name);
        assertThat(state.getBoolean("firing")).isTrue();
        assertThat(state.getString("runbookUrl")).endsWith("queue-non-recovery.md");
        assertThat(releases.getJsonArray("versions").stream().map(JsonObject.class::cast)
                .filter(v -> v.getString("version").equals("7.0.0")).findFirst()
                .map(v -> v.getJsonArray("triggers").size()).orElse(0)).as("one block is not three").isZero();
        JsonArray firing = alerts("firing", name);
        assertThat(firing).hasSize(1);
        assertThat(firing.getJsonObject(0).getJsonObject("labels").getString("version")).isEqualTo("7.1.0");
        assertThat(firing.getJsonObject(0).getJsonObject("labels").getString("app")).isEqualTo(app.id());
        assertThat(http.get("metrics", Auth.NONE).body()).containsPattern("vigil_rollback_triggers_firing\\{[^}]*} [1-9]");
        assertThat(http.get("api/v1/releases?app=" + app.id(), personas.beta().auth()).status()).isEqualTo(404);

        assertThat(put(personas.admin(), name, trigger.replace("\"severity\"", "\"enabled\": false, \"severity\"")).status())
                .isEqualTo(200);
        assertThat(http.post("api/v1/admin/jobs/rollback-triggers/runs", personas.admin()).json().getBoolean("succeeded"))
                .isTrue();
        assertThat(alerts("firing", name)).isEmpty();
        assertThat(alerts("resolved", name)).hasSize(1);
        assertThat(http.get("api/v1/releases?app=" + app.id(), personas.admin()).body()).doesNotContain(name);
        assertThat(http.delete("api/v1/admin/rollback-triggers/" + name, personas.admin()).status()).isEqualTo(204);
    }

    @Test
    void theSeedTriggersAreInstalled() {
        JsonArray triggers = http.get("api/v1/admin/rollback-triggers", personas.admin()).jsonValue().asJsonArray();
        assertThat(triggers.stream().map(t -> t.asJsonObject().getString("name")).toList()).contains(
                "local-durability-regression", "queue-non-recovery", "crash-free-regression", "worker-config-regression",
                "secret-kv-regression");
        assertThat(http.get("api/v1/admin/rollback-triggers", personas.member()).status()).isEqualTo(403);
    }
}
