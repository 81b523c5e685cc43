package dev.vigil.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.BlackBox;
import dev.vigil.testing.Http;
import dev.vigil.testing.Http.Auth;
import dev.vigil.testing.Personas;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    /**
     * A failed login for a user that exists and for one that does not take the same time (both
     * hash the password), so usernames cannot be told apart by timing. Median of 20 each, taken
     * alternately from one address each; a wrong password for a real user used to take ~50 ms of
     * hashing, an unknown user a few ms.
     */
    @Test
    void failedLoginsTakeAsLongForUnknownUsersAsForKnownOnes() {
        String name = "timed-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(http.postJson("api/v1/admin/users", personas.admin(), user(name, "timeds-long-password", "member"))
                .status()).isEqualTo(201);
        String unknown = "nobody-" + UUID.randomUUID().toString().substring(0, 8);
        List<Long> known = new ArrayList<>();
        List<Long> absent = new ArrayList<>();
        for (int i = 0; i < 22; i++) {
            long knownNanos = timedFailure(name, "198.18.1.1");
            long absentNanos = timedFailure(unknown, "198.18.1.2");
            if (i >= 2) { // the first two warm up both paths
                known.add(knownNanos);
                absent.add(absentNanos);
            }
        }
        double knownMedian = median(known);
        double absentMedian = median(absent);
        System.out.printf("[vigil-test] failed login medians: known user %.1f ms, unknown user %.1f ms%n",
                knownMedian / 1e6, absentMedian / 1e6);
        assertThat(absentMedian).isBetween(knownMedian * 0.8, knownMedian * 1.2);
    }

    private long timedFailure(String user, String address) {
        long start = System.nanoTime();
        var reply = http.send("GET", "api/v1/me", Auth.NONE, null, HttpRequest.BodyPublishers.noBody(),
                Map.of("Authorization", ((Auth.Header) Auth.basic(user, "not-the-password")).value(),
                        "X-Forwarded-For", address));
        long took = System.nanoTime() - start;
        assertThat(reply.status()).isEqualTo(401);
        return took;
    }

    private static double median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2.0;
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
