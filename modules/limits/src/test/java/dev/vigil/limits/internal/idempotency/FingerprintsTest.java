package dev.vigil.limits.internal.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.limits.internal.quota.Databases;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fingerprints are keyed: the stored value of a body with a password is not the body's plain
 * SHA-256, cannot be recomputed without the key, and every server on one database computes the same.
 */
class FingerprintsTest {

    private static final byte[] BODY = "{\"username\":\"bob\",\"password\":\"hunter2hunter2\"}"
            .getBytes(StandardCharsets.UTF_8);

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** A plain SHA-256 of the request, as keys stored before fingerprints were keyed hold. */
    private static String unkeyed() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update("POST admin/users\n".getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest(BODY));
    }

    private static List<String> fingerprints(List<byte[]> keys) {
        return keys.stream().map(k -> Fingerprints.fingerprint(k, "POST", "admin/users", BODY)).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "pg"})
    void withoutASecretsKeyEveryServerMakesOrFindsTheSameDatabaseKey(String db) throws Exception {
        DataSource dataSource = Databases.fresh(db);

        List<String> first = fingerprints(Fingerprints.keys(Optional.empty(), Optional.empty(), dataSource));
        List<String> second = fingerprints(Fingerprints.keys(Optional.empty(), Optional.empty(), dataSource));
        List<String> elsewhere = fingerprints(Fingerprints.keys(Optional.empty(), Optional.empty(),
                Databases.fresh(db)));

        assertThat(first).hasSize(1).isEqualTo(second);
        assertThat(first.get(0)).hasSize(64).isNotEqualTo(unkeyed());
        assertThat(elsewhere).isNotEqualTo(first);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2"})
    void withASecretsKeyTheKeyIsNotInTheDatabaseAndARotationStillMatches(String db) throws Exception {
        DataSource dataSource = Databases.fresh(db);
        String oldKey = newKey();
        String newKey = newKey();

        List<String> before = fingerprints(Fingerprints.keys(Optional.of(oldKey), Optional.empty(), dataSource));
        List<String> rotated = fingerprints(Fingerprints.keys(Optional.of(newKey), Optional.of(oldKey), dataSource));

        assertThat(before).hasSize(1);
        assertThat(before.get(0)).isNotEqualTo(unkeyed());
        assertThat(rotated).hasSize(2).contains(before.get(0));
        assertThat(rotated.get(0)).isNotEqualTo(before.get(0));
        try (var c = dataSource.getConnection(); var s = c.createStatement();
             var rows = s.executeQuery("select count(*) from limits_secret")) {
            rows.next();
            assertThat(rows.getInt(1)).as("no key made in the database").isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "pg"})
    void serversMakingTheKeyAtOnceAllGetTheOneThatWasStored(String db) throws Exception {
        DataSource dataSource = Databases.fresh(db);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> made = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                made.add(pool.submit(() -> {
                    start.await();
                    return Base64.getEncoder().encodeToString(
                            Fingerprints.keys(Optional.empty(), Optional.empty(), dataSource).get(0));
                }));
            }
            start.countDown();
            Set<String> keys = new HashSet<>();
            for (Future<String> key : made) {
                keys.add(key.get(30, TimeUnit.SECONDS));
            }
            assertThat(keys).hasSize(1);
            try (var c = dataSource.getConnection(); var s = c.createStatement();
                 var rows = s.executeQuery("select secret from limits_secret")) {
                rows.next();
                assertThat(rows.getString(1)).isEqualTo(keys.iterator().next());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aKeyStoredBeforeFingerprintsWereKeyedStillMatchesButIsNeverStored() throws Exception {
        byte[] key = new byte[32];
        String keyed = Fingerprints.fingerprint(key, "POST", "admin/users", BODY);
        StoredOutcome legacy = new StoredOutcome(unkeyed(), Optional.empty());
        StoredOutcome other = new StoredOutcome(Fingerprints.unkeyed("POST", "admin/users", new byte[1]),
                Optional.empty());

        assertThat(legacy.judge(List.of(keyed, unkeyed()))).isEqualTo(StoredOutcome.Verdict.IN_FLIGHT);
        assertThat(other.judge(List.of(keyed, unkeyed()))).isEqualTo(StoredOutcome.Verdict.MISMATCH);
        assertThat(Fingerprints.unkeyed("POST", "admin/users", BODY)).isEqualTo(unkeyed());
    }
}
