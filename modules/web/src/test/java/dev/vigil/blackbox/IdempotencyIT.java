package dev.vigil.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.BlackBox;
import dev.vigil.testing.Http;
import dev.vigil.testing.Http.Auth;
import dev.vigil.testing.Http.Reply;
import dev.vigil.testing.Personas;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Idempotency-Key on a real endpoint (creating a user): one effect, replays, mismatch, limits. */
@ExtendWith(BlackBox.class)
class IdempotencyIT {

    private final Http http = BlackBox.http();
    private final Personas personas = BlackBox.personas();

    private Reply create(Auth auth, String key, String username) {
        String body = "{\"username\":\"" + username + "\",\"password\":\"a-long-password\",\"role\":\"member\"}";
        return http.send("POST", "api/v1/admin/users", auth, "application/json",
                HttpRequest.BodyPublishers.ofString(body), key == null ? Map.of() : Map.of("Idempotency-Key", key));
    }

    private long usersNamed(String username) {
        return http.get("api/v1/admin/users", personas.admin()).jsonValue().asJsonArray().stream()
                .map(JsonObject.class::cast).filter(u -> u.getString("username").equals(username)).count();
    }

    @Test
    void fiftyConcurrentCopiesHaveOneEffect() throws Exception {
        String key = UUID.randomUUID().toString();
        String username = "idem-" + key.substring(0, 8);
        ExecutorService threads = Executors.newFixedThreadPool(50);
        List<Callable<Reply>> copies = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            copies.add(() -> create(personas.admin(), key, username));
        }
        List<Reply> replies = new ArrayList<>();
        for (Future<Reply> reply : threads.invokeAll(copies)) {
            replies.add(reply.get());
        }
        threads.shutdown();

        assertThat(replies).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(201, 409));
        List<Reply> originals = replies.stream()
                .filter(r -> r.status() == 201 && r.header("Idempotent-Replayed").isEmpty()).toList();
        assertThat(originals).hasSize(1);
        String id = originals.get(0).json().getString("id");
        assertThat(replies).filteredOn(r -> r.status() == 201)
                .allSatisfy(r -> assertThat(r.json().getString("id")).isEqualTo(id));
        assertThat(replies).filteredOn(r -> r.status() == 409)
                .allSatisfy(r -> assertThat(r.code()).isEqualTo("idempotency_in_flight"));
        assertThat(usersNamed(username)).isEqualTo(1);

        Reply later = create(personas.admin(), key, username);
        assertThat(later.status()).isEqualTo(201);
        assertThat(later.header("Idempotent-Replayed")).contains("true");
        assertThat(later.json().getString("id")).isEqualTo(id);
        assertThat(http.get("metrics", Auth.NONE).body()).contains("vigil_idempotency_replays_total");
    }

    @Test
    void theSameKeyWithAnotherBodyIsAMismatch() {
        String key = UUID.randomUUID().toString();
        assertThat(create(personas.admin(), key, "idem-a-" + key.substring(0, 6)).status()).isEqualTo(201);
        Reply other = create(personas.admin(), key, "idem-b-" + key.substring(0, 6));
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.code()).isEqualTo("idempotency_mismatch");
        assertThat(usersNamed("idem-b-" + key.substring(0, 6))).isZero();
    }

    @Test
    void keysAreScopedPerCallerAndBounded() {
        String key = UUID.randomUUID().toString();
        String otherAdmin = "idem-admin-" + key.substring(0, 6);
        assertThat(http.postJson("api/v1/admin/users", personas.admin(), "{\"username\":\"" + otherAdmin
                + "\",\"password\":\"a-long-password\",\"role\":\"admin\"}").status()).isEqualTo(201);
        assertThat(create(personas.admin(), key, "idem-c-" + key.substring(0, 6)).status()).isEqualTo(201);
        Reply sameKeyOtherCaller = create(Auth.basic(otherAdmin, "a-long-password"), key, "idem-d-" + key.substring(0, 6));
        assertThat(sameKeyOtherCaller.status()).isEqualTo(201);
        assertThat(sameKeyOtherCaller.header("Idempotent-Replayed")).isEmpty();

        Reply tooLong = create(personas.admin(), "k".repeat(256), "idem-e-" + key.substring(0, 6));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.code()).isEqualTo("invalid_request");
        assertThat(create(personas.admin(), "k".repeat(255), "idem-f-" + key.substring(0, 6)).status()).isEqualTo(201);
    }

    @Test
    void aFailedRequestStoresNothingUnderItsKey() {
        String key = UUID.randomUUID().toString();
        Reply duplicate = create(personas.admin(), key, "bob");
        assertThat(duplicate.status()).isEqualTo(400);
        String fresh = "idem-g-" + key.substring(0, 6);
        Reply retried = http.send("POST", "api/v1/admin/users", personas.admin(), "application/json",
                HttpRequest.BodyPublishers.ofString("{\"username\":\"bob\",\"password\":\"a-long-password\",\"role\":\"member\"}"),
                Map.of("Idempotency-Key", key));
        assertThat(retried.status()).isEqualTo(400);
        assertThat(retried.header("Idempotent-Replayed")).isEmpty();
        assertThat(create(personas.admin(), key, fresh).status()).isEqualTo(201);
    }
}
