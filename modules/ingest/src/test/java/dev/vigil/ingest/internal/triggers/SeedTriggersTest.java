package dev.vigil.ingest.internal.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.kernel.api.VigilException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The seed triggers as the changelog installs them, evaluated minute by minute on synthetic series
 * with the evaluation minute given (the clock): each fires at the first minute its condition holds
 * over whole minutes, and not one minute before.
 */
class SeedTriggersTest {

    private static final Map<String, List<String>> ALIASES = Map.of(
            "invalidClerkConfig", List.of("reliability.authConfig.missingClerkConfig",
                    "reliability.authConfig.partialClerkConfig"),
            "invalidRotationSecret", List.of("reliability.secretRotation.decryptFailures"),
            "kv_unavailable", List.of("failureCauses.upstream.kv_unavailable"),
            "kvFailures", List.of("reliability.kvFailures"));

    /** Per-minute series of one app version from minute 0, evaluated at the start of minute {@code now}. */
    static final class Synthetic implements TriggerSignals {
        final Map<String, long[]> series = new HashMap<>();
        final long[] started = new long[600];
        final long[] crashed = new long[600];
        int now;

        Synthetic add(String signal, int minute, long value) {
            series.computeIfAbsent(signal, s -> new long[600])[minute] += value;
            return this;
        }

        private long sum(String signal, int from, int to) {
            long sum = 0;
            for (String source : ALIASES.getOrDefault(signal, List.of(signal))) {
                long[] values = series.getOrDefault(source, new long[600]);
                for (int m = Math.max(0, from); m < to; m++) {
                    sum += values[m];
                }
            }
            return sum;
        }

        @Override
        public long increase(String signal, Duration window) {
            return sum(signal, now - (int) window.toMinutes(), now);
        }

        @Override
        public long total(String signal) {
            return sum(signal, 0, now);
        }

        @Override
        public long[] sessions(Duration window) {
            long all = 0;
            long bad = 0;
            for (int m = Math.max(0, now - (int) window.toMinutes()); m < now; m++) {
                all += started[m];
                bad += crashed[m];
            }
            return new long[] {all, bad};
        }
    }

    private static Map<String, String> seeds() throws Exception {
        var document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Files.newInputStream(Path.of("../../liquibase/ingest/changelog.xml")));
        NodeList inserts = document.getElementsByTagName("insert");
        Map<String, String> seeds = new HashMap<>();
        for (int i = 0; i < inserts.getLength(); i++) {
            Element insert = (Element) inserts.item(i);
            if (!insert.getAttribute("tableName").equals("ingest_rollback_trigger")) {
                continue;
            }
            Map<String, String> columns = new HashMap<>();
            NodeList children = insert.getElementsByTagName("column");
            for (int c = 0; c < children.getLength(); c++) {
                Element column = (Element) children.item(c);
                columns.put(column.getAttribute("name"), column.getAttribute("value"));
            }
            seeds.put(columns.get("name"), columns.get("expression"));
        }
        return seeds;
    }

    /** The first minute (from 0) at which the trigger fires, or -1 up to {@code last}. */
    private static int firstFiring(String expression, Synthetic signals, int last) {
        TriggerExpressions.Compiled compiled = TriggerExpressions.compile(expression);
        for (int minute = 0; minute <= last; minute++) {
            signals.now = minute;
            if (TriggerExpressions.evaluate(compiled, signals)) {
                return minute;
            }
        }
        return -1;
    }

    @Test
    void everySeedTriggerIsThere() throws Exception {
        assertThat(seeds()).containsOnlyKeys("local-durability-regression", "queue-non-recovery", "crash-free-regression",
                "worker-config-regression", "secret-kv-regression");
    }

    @Test
    void localDurabilityFiresAtTheFirstFallbackFailureAfterTheRelease() throws Exception {
        Synthetic signals = new Synthetic().add("capture_persistence_primary_failures", 10, 4)
                .add("capture_persistence_recoveries", 10, 4).add("capture_persistence_fallback_failures", 42, 1);
        assertThat(firstFiring(seeds().get("local-durability-regression"), signals, 120)).isEqualTo(43);
    }

    @Test
    void queueNonRecoveryFiresAtTheFifthBlockWithinFifteenMinutesWithoutARecovery() throws Exception {
        String expression = seeds().get("queue-non-recovery");
        Synthetic blocked = new Synthetic();
        for (int minute : new int[] {10, 12, 14, 16, 18}) {
            blocked.add("sync_queue_block_events", minute, 1);
        }
        assertThat(firstFiring(expression, blocked, 120)).isEqualTo(19);

        Synthetic spread = new Synthetic();
        for (int minute : new int[] {0, 4, 8, 12, 16}) {
            spread.add("sync_queue_block_events", minute, 1);
        }
        assertThat(firstFiring(expression, spread, 120)).as("the first block left the window at minute 15").isEqualTo(-1);

        Synthetic recovered = new Synthetic().add("sync_queue_recovery_events", 5, 1);
        for (int minute : new int[] {10, 12, 14, 16, 18}) {
            recovered.add("sync_queue_block_events", minute, 1);
        }
        assertThat(firstFiring(expression, recovered, 120)).as("a recovery within the window holds it back until it"
                + " leaves the window").isEqualTo(21);
    }

    @Test
    void crashFreeRegressionFiresWhenThirtyMinutesOfSessionsFallUnderNinetyNinePercent() throws Exception {
        Synthetic signals = new Synthetic();
        for (int minute = 0; minute < 120; minute++) {
            signals.started[minute] = 2;
        }
        signals.crashed[50] = 1; // 1 of 60 sessions in any 30 minutes holding it: 98.3 %
        assertThat(firstFiring(seeds().get("crash-free-regression"), signals, 120)).isEqualTo(51);

        Synthetic quiet = new Synthetic();
        quiet.started[5] = 10;
        quiet.crashed[5] = 5;
        assertThat(firstFiring(seeds().get("crash-free-regression"), quiet, 120)).as("under 20 sessions").isEqualTo(-1);
    }

    @Test
    void configAndSecretRegressionsFireOnTheirAliasesSustainedIncrease() throws Exception {
        Synthetic config = new Synthetic().add("reliability.authConfig.missingClerkConfig", 30, 1)
                .add("reliability.authConfig.partialClerkConfig", 33, 1)
                .add("reliability.authConfig.missingClerkConfig", 37, 1);
        assertThat(firstFiring(seeds().get("worker-config-regression"), config, 120)).isEqualTo(38);

        Synthetic secrets = new Synthetic().add("reliability.kvFailures", 60, 1)
                .add("failureCauses.upstream.kv_unavailable", 61, 1).add("reliability.secretRotation.decryptFailures", 74, 1);
        assertThat(firstFiring(seeds().get("secret-kv-regression"), secrets, 120)).isEqualTo(75);
    }

    @Test
    void anExpressionIsCheckedWhenItIsWritten() {
        for (String bad : List.of("increase(\"x\", \"15m\")", "increase(\"x\", \"forever\") > 0", "increase(\"x\", \"30d\") > 0",
                "x > 0", "increase(x[15m]) >= 5", "", "1 +")) {
            assertThatThrownBy(() -> TriggerExpressions.compile(bad)).as(bad).isInstanceOf(VigilException.class);
        }
        assertThat(TriggerExpressions.compile("crash_free_sessions(\"1h\") < 99.5 || total(\"a.b\") >= 1")).isNotNull();
    }
}
