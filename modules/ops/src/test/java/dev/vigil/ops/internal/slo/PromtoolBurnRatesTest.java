package dev.vigil.ops.internal.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.json.Json;
import java.io.File;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vigil's burn-rate engine against real Prometheus: each scenario's per-minute traffic is replayed through
 * {@link Backtest} and, as counters, through Sloth-style recording and alerting rules in {@code promtool test
 * rules}; Prometheus must fire and resolve each rule's alert at the minutes Vigil does, give or take
 * {@value #TOLERANCE} minutes.
 *
 * <p><b>The mapping.</b> Minute {@code m} of a scenario is the span {@code [m, m+1)} from time 0. Its events
 * become two counters, {@code http_requests_total} and {@code http_errors_total}, sampled every minute: the
 * sample at {@code t = k} minutes is the sum of minutes {@code [0, k)}, so both start at 0. At {@code t = T}
 * Prometheus 2's {@code rate(x[W])} reads the samples of {@code [T − W, T]} (both ends inclusive), whose
 * increase is exactly the events of minutes {@code [T − W, T)}: Vigil's window at minute {@code T}. Nothing
 * is extrapolated: a window either holds a sample at each end, or reaches back before 0, where a counter
 * starting at 0 is not extrapolated below its start (Vigil, likewise, counts no events before the series). So
 * Vigil at minute {@code T} and Prometheus at {@code T} see the same ratio, and do agree to the minute (with
 * a tolerance of 0 this test passes on promtool 2.42); the tolerance leaves room for Prometheus 3, whose ranges
 * are left-open ({@code (T − W, T]}) and extrapolate the window's oldest minute instead of reading it.
 *
 * <p><b>The rules</b> follow Sloth's shape: one {@code slo:sli_error:ratio_rate<W>} per window, labelled with
 * {@code sloth_window}, and per rule {@code (short > factor × budget) and ignoring (sloth_window) (long >
 * factor × budget)}. Unlike Sloth, each Vigil rule gets an alert of its own ({@code Page1h5m}, {@code
 * Ticket1d2h}, ...) with {@code for: 0m}, labelled {@code severity} and {@code window} as Vigil labels its
 * alerts, so alerts and Vigil's rule keys map one to one. Vigil's budget exhaustion ({@link BurnMath#BUDGET})
 * has no Sloth alert and is not compared.
 *
 * <p><b>The checks.</b> For each Vigil firing {@code [firedAt, resolvedAt)}, Prometheus must have the alert
 * firing from {@code firedAt + 2} to {@code resolvedAt − 3}, and must not at or before {@code firedAt − 3}
 * nor from {@code resolvedAt + 2}; the minutes between are not checked. Points: every 5 minutes, those four
 * edges of each firing, and each minute of the first ten after a bad period starts.
 */
class PromtoolBurnRatesTest {

    /** How many minutes Prometheus may fire or resolve before or after Vigil. */
    private static final int TOLERANCE = 2;
    private static final long PROMTOOL_TIMEOUT_SECONDS = 120;

    /** Sloth's google-30d without a minimum of events (Sloth has none). */
    private static final BurnPolicy POLICY = BurnPolicy.of(Json.createReader(new StringReader(
            "{\"preset\": \"google-30d\", \"min_events\": 0}")).readObject());
    private static final Slo SLO = BurnMathTest.slo(99.9, "30d", POLICY);

    @TempDir
    Path dir;

    @Test
    void aFastBurnPagesAndResolvesWhenPrometheusSays() throws Exception {
        // 30 minutes at 50 % errors (500x) after ten clean hours: both pages fire, and so do both tickets.
        Scenario fast = new Scenario(1100, 100).bad(600, 630, 50);
        List<Backtest.Firing> firings = vigil(fast).firings();

        Backtest.Firing page = only(firings, "1h/5m:critical");
        assertThat(page.firedAt()).isBetween(600L, 610L);
        assertThat(page.resolvedAt()).isNotNull().isBetween(630L, 640L);
        assertPrometheusAgrees(fast, firings);
    }

    @Test
    void aSlowBurnOpensATicketAndNeverPages() throws Exception {
        // Eight hours at 0.42 % errors (4.2x, under the pages' 6x and 14.4x) after two clean hours.
        Scenario slow = new Scenario(1000, 1200).bad(120, 600, 5);
        List<Backtest.Firing> firings = vigil(slow).firings();

        assertThat(firings).filteredOn(f -> f.severity().equals("critical") && !f.key().equals(BurnMath.BUDGET))
                .as("pages").isEmpty();
        Backtest.Firing ticket = only(firings, "1d/2h:warning");
        assertThat(ticket.firedAt()).isBetween(120L, 600L);
        assertThat(ticket.resolvedAt()).isNotNull().isBetween(600L, 1000L);
        assertPrometheusAgrees(slow, firings);
    }

    @Test
    void aShortBlipPagesNeither() throws Exception {
        // One minute at 60 % errors: 120x over 5 minutes, but 10x over the hour and 1.7x over 6 hours.
        Scenario blip = new Scenario(1200, 100).bad(1000, 1001, 60);
        Backtest.Result result = vigil(blip);

        assertThat(result.evaluations()).as("the 5m window burns above the page's factor")
                .anySatisfy(e -> assertThat(e.windows().get(5).burnRate()).isGreaterThan(14.4));
        assertThat(result.firings()).filteredOn(f -> f.severity().equals("critical")).as("pages").isEmpty();
        assertPrometheusAgrees(blip, result.firings());
    }

    /** Per-minute traffic from minute 0: {@code total} events a minute, some of them bad. */
    static final class Scenario {
        private final long[] total;
        private final long[] bad;
        private final TreeSet<Long> badStarts = new TreeSet<>();

        Scenario(int minutes, long perMinute) {
            total = new long[minutes];
            bad = new long[minutes];
            Arrays.fill(total, perMinute);
        }

        /** {@code perMinute} bad events in each minute of {@code [from, to)}. */
        Scenario bad(int from, int to, long perMinute) {
            Arrays.fill(bad, from, to, perMinute);
            badStarts.add((long) from);
            return this;
        }

        int minutes() {
            return total.length;
        }

        Backtest.Series series() {
            long[] good = new long[total.length];
            Arrays.setAll(good, m -> total[m] - bad[m]);
            return new Backtest.Series(0, good, total);
        }

        /** promtool's values of a counter: the sample at minute k is the sum of minutes [0, k). */
        static String counter(long[] perMinute) {
            StringBuilder values = new StringBuilder("0");
            long sum = 0;
            for (long events : perMinute) {
                values.append(' ').append(sum += events);
            }
            return values.toString();
        }
    }

    /** Vigil's backtest of every minute of the scenario, after checking that no window sits exactly on a factor. */
    private static Backtest.Result vigil(Scenario scenario) {
        Backtest.Result result = Backtest.run(SLO, scenario.series(), 1, scenario.minutes() + 1, true);
        // At an exact tie, Vigil's ratio / budget > factor and Prometheus's ratio > factor * budget may round
        // apart: a scenario must stay off them.
        for (BurnMath.Evaluation e : result.evaluations()) {
            for (BurnPolicy.Rule rule : POLICY.rules()) {
                for (int window : new int[] {rule.longMinutes(), rule.shortMinutes()}) {
                    Double burnRate = window == 0 ? null : e.windows().get(window).burnRate();
                    assertThat(burnRate == null || Math.abs(burnRate - rule.factor()) > 1e-6)
                            .as("minute %d: the %dm window burns at exactly %s", e.at(), window, rule.factor()).isTrue();
                }
            }
        }
        return result;
    }

    private static Backtest.Firing only(List<Backtest.Firing> firings, String key) {
        List<Backtest.Firing> of = firings.stream().filter(f -> f.key().equals(key)).toList();
        assertThat(of).as("firings of %s in %s", key, firings).hasSize(1);
        return of.get(0);
    }

    private void assertPrometheusAgrees(Scenario scenario, List<Backtest.Firing> all) throws Exception {
        String promtool = promtool();
        List<Backtest.Firing> firings = all.stream().filter(f -> !f.key().equals(BurnMath.BUDGET)).toList();
        Files.writeString(dir.resolve("rules.yml"), rules());
        Path tests = dir.resolve("tests.yml");
        Files.writeString(tests, tests(scenario, firings));
        Path output = dir.resolve("promtool.out");
        Process process = new ProcessBuilder(promtool, "test", "rules", tests.getFileName().toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!process.waitFor(PROMTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("promtool test rules took over " + PROMTOOL_TIMEOUT_SECONDS + " s");
        }
        String said = Files.readString(output);
        assertThat(process.exitValue()).as("promtool test rules (Vigil's firings: %s):%n%s", firings,
                said.length() > 20_000 ? said.substring(0, 20_000) + "\n..." : said).isZero();
    }

    /** Sloth-style rules: the error ratio of each window, then one alert per Vigil rule. */
    private static String rules() {
        StringBuilder yaml = new StringBuilder("groups:\n  - name: slo-x\n    interval: 1m\n    rules:\n");
        for (int window : POLICY.windows()) {
            String w = BurnPolicy.text(window);
            yaml.append("""
                          - record: slo:sli_error:ratio_rate%1$s
                            expr: '(sum(rate(http_errors_total{slo="x"}[%1$s]))) / (sum(rate(http_requests_total{slo="x"}[%1$s])))'
                            labels: {sloth_slo: x, sloth_window: '%1$s'}
                    """.formatted(w));
        }
        for (BurnPolicy.Rule rule : POLICY.rules()) {
            String threshold = "(" + number(rule.factor()) + " * " + number(SLO.budget()) + ")";
            String expr = rule.shortMinutes() == 0 ? above(rule.longMinutes(), threshold)
                    : above(rule.shortMinutes(), threshold) + " and ignoring (sloth_window) " + above(rule.longMinutes(), threshold);
            yaml.append("""
                          - alert: %s
                            expr: '%s'
                            for: 0m
                            labels: {severity: %s, window: '%s'}
                    """.formatted(alertName(rule), expr, rule.severity().value(), rule.window()));
        }
        return yaml.toString();
    }

    private static String above(int window, String threshold) {
        return "(slo:sli_error:ratio_rate" + BurnPolicy.text(window) + "{sloth_slo=\"x\"} > " + threshold + ")";
    }

    /** {@code Page1h5m}, {@code Ticket3d6h}. */
    private static String alertName(BurnPolicy.Rule rule) {
        return (rule.severity() == BurnPolicy.Severity.CRITICAL ? "Page" : "Ticket") + rule.window().replace("/", "");
    }

    private static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** promtool's test: the scenario's counters, and at each point each alert as Vigil's firings say it must be. */
    private static String tests(Scenario scenario, List<Backtest.Firing> firings) {
        StringBuilder yaml = new StringBuilder("""
                rule_files: [rules.yml]
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      - series: 'http_requests_total{slo="x"}'
                        values: '%s'
                      - series: 'http_errors_total{slo="x"}'
                        values: '%s'
                    alert_rule_test:
                """.formatted(Scenario.counter(scenario.total), Scenario.counter(scenario.bad)));
        for (long at : points(scenario, firings)) {
            for (BurnPolicy.Rule rule : POLICY.rules()) {
                List<Backtest.Firing> ofRule = firings.stream().filter(f -> f.key().equals(rule.key())).toList();
                Expect expect = expect(ofRule, at);
                if (expect == Expect.EITHER) {
                    continue;
                }
                yaml.append("      - eval_time: ").append(at).append("m\n        alertname: ").append(alertName(rule));
                if (expect == Expect.FIRING) {
                    // "short and ignoring (sloth_window) long" keeps the short window's labels.
                    String sloWindow = BurnPolicy.text(rule.shortMinutes() == 0 ? rule.longMinutes() : rule.shortMinutes());
                    yaml.append("\n        exp_alerts:\n          - exp_labels: {severity: ").append(rule.severity().value())
                            .append(", window: '").append(rule.window()).append("', sloth_slo: x, sloth_window: '")
                            .append(sloWindow).append("'}\n");
                } else {
                    yaml.append("\n        exp_alerts: []\n");
                }
            }
        }
        return yaml.toString();
    }

    /** Every 5 minutes, the edges of each firing (see the class), and the first ten minutes of each bad period. */
    private static TreeSet<Long> points(Scenario scenario, List<Backtest.Firing> firings) {
        Stream<Long> edges = firings.stream().flatMap(f -> f.resolvedAt() == null
                ? Stream.of(f.firedAt() - TOLERANCE - 1, f.firedAt() + TOLERANCE)
                : Stream.of(f.firedAt() - TOLERANCE - 1, f.firedAt() + TOLERANCE,
                        f.resolvedAt() - TOLERANCE - 1, f.resolvedAt() + TOLERANCE));
        Stream<Long> afterBad = scenario.badStarts.stream().flatMap(start -> LongStream.rangeClosed(start, start + 10).boxed());
        Stream<Long> grid = LongStream.rangeClosed(1, scenario.minutes() / 5).map(i -> i * 5).boxed();
        return Stream.of(edges, afterBad, grid).flatMap(s -> s)
                .filter(at -> at >= 1 && at <= scenario.minutes())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** What Prometheus's alert must be at a minute: firing, quiet, or either (within the tolerance of an edge). */
    private enum Expect { FIRING, QUIET, EITHER }

    /** What a rule's alert must be at minute {@code at}, given Vigil's firings of the rule. */
    private static Expect expect(List<Backtest.Firing> firings, long at) {
        for (Backtest.Firing f : firings) {
            long resolved = f.resolvedAt() == null ? Long.MAX_VALUE : f.resolvedAt();
            if (at >= f.firedAt() + TOLERANCE && at < resolved - TOLERANCE) {
                return Expect.FIRING;
            }
            if (at > f.firedAt() - TOLERANCE - 1 && at < resolved + TOLERANCE) {
                return Expect.EITHER;
            }
        }
        return Expect.QUIET;
    }

    /** promtool from the PATH; without it the test is skipped, except under CI, where it fails. */
    private static String promtool() {
        Optional<File> found = Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator))
                .map(p -> new File(p, "promtool")).filter(File::canExecute).findFirst();
        if (found.isEmpty()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("promtool is missing; ci/install-test-tools.sh installs it");
            }
            assumeTrue(false, "promtool not installed (apt-get install prometheus): Prometheus comparison skipped");
        }
        return found.get().getPath();
    }
}
