package dev.vigil.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.BlackBox;
import dev.vigil.testing.Http;
import dev.vigil.testing.Http.Auth;
import dev.vigil.testing.Http.Reply;
import dev.vigil.testing.Personas;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Guards every endpoint has: JSON shape limits and the browser-origin allow-list. */
@ExtendWith(BlackBox.class)
class RequestGuardsIT {

    private final Http http = BlackBox.http();
    private final Personas personas = BlackBox.personas();

    private Reply postApps(String body) {
        return http.postJson("api/v1/admin/apps", personas.admin(), body);
    }

    private int appCount() {
        return http.get("api/v1/admin/apps", personas.admin()).jsonValue().asJsonArray().size();
    }

    @Test
    void depthBombsHugeNumbersAndHugeStringsAreInvalidJsonAndStoreNothing() {
        int before = appCount();
        for (String body : new String[] {
            "{\"name\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}",
            "{\"name\":\"ok\",\"n\":1" + "0".repeat(500) + "}",
            "{\"name\":\"" + "x".repeat(200_000) + "\"}"}) {
            Reply reply = postApps(body);
            assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
            assertThat(reply.code()).isEqualTo("invalid_json");
        }
        assertThat(appCount()).isEqualTo(before);
    }

    @Test
    void disallowedOriginsAreForbiddenAndAllowedOnesGetCorsHeaders() {
        Reply evil = http.send("GET", "api/v1/me", personas.admin(), null, HttpRequest.BodyPublishers.noBody(),
                Map.of("Origin", "https://evil.example.net"));
        assertThat(evil.status()).isEqualTo(403);
        assertThat(evil.code()).isEqualTo("forbidden");

        Reply allowed = http.send("GET", "api/v1/me", personas.admin(), null, HttpRequest.BodyPublishers.noBody(),
                Map.of("Origin", BlackBox.ALLOWED_ORIGIN));
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.header("Access-Control-Allow-Origin")).contains(BlackBox.ALLOWED_ORIGIN);
        assertThat(allowed.header("Access-Control-Allow-Credentials")).contains("true");

        Reply preflight = http.send("OPTIONS", "api/v1/admin/apps", Auth.NONE, null,
                HttpRequest.BodyPublishers.noBody(),
                Map.of("Origin", BlackBox.ALLOWED_ORIGIN, "Access-Control-Request-Method", "POST"));
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("Access-Control-Allow-Headers"))
                .hasValueSatisfying(h -> assertThat(h).contains("Idempotency-Key"));

        String self = "http://localhost:" + BlackBox.server().port();
        assertThat(http.send("GET", "api/v1/me", personas.admin(), null, HttpRequest.BodyPublishers.noBody(),
                Map.of("Origin", self)).status()).isEqualTo(200);
        assertThat(http.get("api/v1/me", personas.admin()).header("Access-Control-Allow-Origin")).isEmpty();
    }
}
