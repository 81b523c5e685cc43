package dev.vigil.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.BlackBox;
import dev.vigil.testing.Http;
import dev.vigil.testing.Http.Auth;
import dev.vigil.testing.Http.Reply;
import dev.vigil.testing.LoginStorm;
import dev.vigil.testing.Personas;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Rate limits as clients see them: headers on every answer, 429 with Retry-After, failed-login lockout. */
@ExtendWith(BlackBox.class)
class RateLimitsIT {

    private final Http http = BlackBox.http();
    private final Personas personas = BlackBox.personas();

    private static String someAddress() {
        return "203.0." + ThreadLocalRandom.current().nextInt(1, 255) + "." + ThreadLocalRandom.current().nextInt(1, 255);
    }

    @Test
    void everyAnswerCarriesThePolicyAndWhatIsLeft() {
        Reply ping = http.getFrom(someAddress(), "api/v1/ping", Auth.NONE);
        assertThat(ping.status()).isEqualTo(200);
        assertThat(ping.header("RateLimit-Policy")).contains("\"ping\";q=600;w=60");
        assertThat(ping.header("RateLimit")).hasValueSatisfying(v -> assertThat(v).matches("\"ping\";r=599;t=\\d+"));
    }

    /**
     * Behind the trusted proxy (the test server trusts loopback) only X-Forwarded-For is believed,
     * walked from the right: a client's own CF-Connecting-IP or X-Real-IP, passed through by a
     * proxy, and addresses it puts in front of X-Forwarded-For do not change its key. Seen in what
     * is left of the per-address 'ping' quota.
     */
    @Test
    void spoofedAddressHeadersDoNotChangeTheAddressTheLimitsSee() throws Exception {
        String client = someAddress();
        String other = someAddress();
        Reply first = http.getFrom(client, "api/v1/ping", Auth.NONE);
        int left = remaining(first);
        List<Map<String, String>> spoofs = List.of(
                Map.of("X-Forwarded-For", client, "CF-Connecting-IP", other),
                Map.of("X-Forwarded-For", client, "X-Real-IP", other),
                Map.of("X-Forwarded-For", other + ", " + client),
                Map.of("X-Forwarded-For", "127.0.0.1, " + client));
        for (Map<String, String> headers : spoofs) {
            Reply reply = http.send("GET", "api/v1/ping", Auth.NONE, null, HttpRequest.BodyPublishers.noBody(), headers);
            assertThat(remaining(reply)).as(headers.toString()).isEqualTo(--left);
        }
        // A proxy that adds its own X-Forwarded-For line after the client's (HAProxy's option forwardfor).
        HttpRequest twoLines = HttpRequest.newBuilder(http.base().resolve("api/v1/ping"))
                .header("X-Forwarded-For", other).header("X-Forwarded-For", client).GET().build();
        HttpResponse<String> reply = HttpClient.newHttpClient().send(twoLines, HttpResponse.BodyHandlers.ofString());
        assertThat(Integer.parseInt(reply.headers().firstValue("RateLimit").orElseThrow()
                .replaceAll(".*;r=(\\d+);.*", "$1"))).isEqualTo(--left);
        assertThat(remaining(http.getFrom(other, "api/v1/ping", Auth.NONE))).isEqualTo(599);
    }

    private static int remaining(Reply reply) {
        String header = reply.header("RateLimit").orElseThrow();
        return Integer.parseInt(header.replaceAll(".*;r=(\\d+);.*", "$1"));
    }

    @Test
    void overTheLimitIs429WithRetryAfterAndOtherClientsAreUnaffected() {
        String client = someAddress();
        int admitted = 0;
        Reply last = null;
        // 600 a minute per address in fixed windows: a run that straddles a window's end may need up to 1,200.
        for (int i = 0; i < 1300; i++) {
            last = http.getFrom(client, "api/v1/ping", Auth.NONE);
            if (last.status() == 200) {
                admitted++;
            } else {
                break;
            }
        }
        // A window may end during the loop; then the next one admits again, never more than 600 each.
        assertThat(admitted).isBetween(1, 1200);
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.code()).isEqualTo("rate_limited");
        assertThat(Long.parseLong(last.header("Retry-After").orElseThrow())).isBetween(1L, 60L);
        assertThat(last.header("RateLimit")).hasValueSatisfying(v -> assertThat(v).startsWith("\"ping\";r=0;"));
        assertThat(http.getFrom(someAddress(), "api/v1/ping", Auth.NONE).status()).isEqualTo(200);
        assertThat(http.get("metrics", Auth.NONE).body())
                .containsPattern("vigil_ratelimit_decisions_total\\{[^}]*outcome=\"blocked\"[^}]*policy=\"ping\"");
    }

    @Test
    void aHundredFailedLoginsLockTheUserAndTheAddressButNotOthers() {
        String attacker = someAddress();
        String victim = "victim-" + UUID.randomUUID().toString().substring(0, 8);
        Auth wrong = Auth.basic(victim, "not-the-password");
        for (int i = 0; i < 100; i++) {
            assertThat(http.getFrom(attacker, "api/v1/me", wrong).status()).as("failure %d", i).isEqualTo(401);
        }
        Reply locked = http.getFrom(attacker, "api/v1/me", wrong);
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.code()).isEqualTo("rate_limited");
        assertThat(locked.header("Retry-After")).isPresent();
        // The address stays locked even with good credentials. The user is walled at this address
        // only: from its own address its owner still gets in (the account's ceiling is 2,000 an hour).
        assertThat(http.getFrom(attacker, "api/v1/me", personas.admin()).status()).isEqualTo(429);
        assertThat(http.getFrom(someAddress(), "api/v1/me", wrong).status()).isEqualTo(401);
        assertThat(http.getFrom(someAddress(), "api/v1/me", personas.admin()).status()).isEqualTo(200);
    }

    /** The real admin, walled at an attacker's address, logs in from its own. */
    @Test
    void anAdminWalledAtAnotherAddressStillGetsInFromItsOwn() {
        String attacker = someAddress();
        Auth wrong = Auth.basic("admin", "not-the-admin-password");
        int refused = 0;
        for (int i = 0; i < 110 && refused == 0; i++) {
            refused += http.getFrom(attacker, "api/v1/me", wrong).status() == 429 ? 1 : 0;
        }
        assertThat(refused).as("the attacker's address is walled").isEqualTo(1);
        assertThat(http.getFrom(attacker, "api/v1/me", personas.admin()).status()).isEqualTo(429);
        assertThat(http.getFrom(someAddress(), "api/v1/me", personas.admin()).status()).isEqualTo(200);
    }

    /**
     * An app key is too long to guess, so a wall of bad keys never locks out the apps behind an
     * address: after 100 bad keys from one address the 101st is 429, and the right key from that
     * address still gets in.
     */
    @Test
    void aWalledAddressDoesNotLockOutTheAppsBehindIt() {
        Personas.App app = Personas.app(http, personas.admin(), "walled-" + UUID.randomUUID());
        String attacker = someAddress();
        int unauthorized = 0;
        Reply last = null;
        for (int i = 0; i < 101; i++) {
            String guess = "vgl_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "_"
                    + "A".repeat(43);
            last = http.getFrom(attacker, "api/v1/me", Auth.bearer(guess));
            unauthorized += last.status() == 401 ? 1 : 0;
        }
        assertThat(unauthorized).isEqualTo(100);
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.header("Retry-After")).isPresent();
        assertThat(http.getFrom(attacker, "api/v1/me", app.auth()).status()).isEqualTo(200);
    }

    /** One IPv6 host holds a /64: its addresses share one wall, so new addresses buy no more guesses. */
    @Test
    void theAddressesOfOneIpv6NetworkShareAWall() {
        String network = String.format("2001:db8:%x:%x:", ThreadLocalRandom.current().nextInt(0x10000),
                ThreadLocalRandom.current().nextInt(0x10000));
        Auth wrong = Auth.basic("v6-" + UUID.randomUUID().toString().substring(0, 8), "not-the-password");
        for (int i = 1; i <= 100; i++) {
            assertThat(http.getFrom(network + ":" + Integer.toHexString(i), "api/v1/me", wrong).status())
                    .as("failure %d", i).isEqualTo(401);
        }
        assertThat(http.getFrom(network + "beef:1:2:3", "api/v1/me", wrong).status()).isEqualTo(429);
        assertThat(http.getFrom("2001:db8:ffff:ffff::1", "api/v1/me", wrong).status()).isEqualTo(401);
    }

    /**
     * 300 bad logins for one user from one address, 16 at a time: the wall is counted before each
     * check, so at most 100 are checked and answered 401 (it was 105-106 when counted after the
     * check), the rest 429.
     */
    @Test
    void concurrentBadLoginsNeverGetMoreThanTheLimitChecked() {
        String user = "stormed-" + UUID.randomUUID().toString().substring(0, 8);
        Map<Integer, Integer> statuses = LoginStorm.send(List.of(http), user, someAddress(), 300, 16);
        System.out.println("[vigil-test] 300 concurrent bad logins on one server: " + statuses);
        assertThat(statuses.keySet()).isSubsetOf(401, 429);
        assertThat(statuses.getOrDefault(401, 0)).isBetween(1, 100);
        assertThat(statuses.getOrDefault(401, 0) + statuses.getOrDefault(429, 0)).isEqualTo(300);
    }

    @Test
    void refusalsAreDeduplicatedIntoEventsAndSummarisedForAdmins() {
        String client = someAddress();
        int refused = 0;
        // Until 100 have been refused: a fixed window ending during the run admits up to 600 more.
        for (int sent = 0; sent < 1400 && refused < 100; sent++) {
            if (http.getFrom(client, "api/v1/ping", Auth.NONE).status() == 429) {
                refused++;
            }
        }
        assertThat(refused).isEqualTo(100);
        int expected = refused;
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .pollInterval(java.time.Duration.ofMillis(500)).untilAsserted(() -> {
                    var events = http.get("api/v1/admin/limits/events?limit=500", personas.admin())
                            .jsonValue().asJsonArray().stream().map(jakarta.json.JsonObject.class::cast)
                            .filter(e -> e.getString("key").equals("ip:" + client)).toList();
                    assertThat(events).isNotEmpty()
                            .allSatisfy(e -> assertThat(e.getString("outcome")).isEqualTo("blocked"));
                    // one row per 5-second window, not one per refused request
                    assertThat(events.size()).isLessThan(expected);
                    assertThat(events.stream().mapToLong(e -> e.getJsonNumber("occurrences").longValue()).sum())
                            .isEqualTo(expected);
                });
        assertThat(http.get("api/v1/admin/limits/summary?minutes=10", personas.admin()).body())
                .contains("\"policy\":\"ping\"").contains("\"outcome\":\"blocked\"");
        assertThat(http.get("api/v1/admin/limits/policies", personas.admin()).body())
                .contains("\"name\":\"auth-failures\"").contains("\"onStoreFailure\":\"deny\"");
        assertThat(http.get("api/v1/admin/limits/summary", personas.member()).status()).isEqualTo(403);
    }
}
