package dev.vigil.ops.internal.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OpenSloTest {

    /** An SLO as OpenSLO's own examples write one, with a Prometheus source and a referenced alert policy. */
    private static final String CATALOGUE = """
            apiVersion: openslo/v1
            kind: SLI
            metadata:
              name: checkout-errors
            spec:
              ratioMetric:
                counter: true
                good:
                  metricSource:
                    type: Prometheus
                    spec:
                      query: sum(rate(http_requests_total{job="checkout",code!~"5.."}[{{.window}}]))
                total:
                  metricSource:
                    type: Prometheus
                    spec:
                      query: sum(rate(http_requests_total{job="checkout"}[{{.window}}]))
            ---
            apiVersion: openslo/v1
            kind: AlertPolicy
            metadata:
              name: fast-burn
            spec:
              alertWhenBreaching: true
              conditions:
                - kind: AlertCondition
                  metadata:
                    name: fast
                  spec:
                    severity: page
                    condition:
                      kind: burnrate
                      op: gte
                      threshold: 14.4
                      lookbackWindow: 1h
                      alertAfter: 5m
            ---
            apiVersion: openslo/v1
            kind: SLO
            metadata:
              name: Checkout-Availability
              displayName: Checkout availability
            spec:
              description: 99.9 % of checkout requests succeed
              service: checkout
              indicatorRef: checkout-errors
              timeWindow:
                - duration: 4w
                  isRolling: true
              budgetingMethod: Occurrences
              objectives:
                - displayName: good
                  target: 0.999
              alertPolicies:
                - alertPolicyRef: fast-burn
            """;

    @Test
    void anExistingCatalogueMovesInAsEventsPushedByTheApp() {
        List<SloSpec> specs = OpenSlo.read(CATALOGUE, "app-1");
        assertThat(specs).hasSize(1);
        Slo slo = specs.get(0).create("id", 0);
        assertThat(slo.name()).isEqualTo("checkout-availability");
        assertThat(slo.owner()).isEqualTo("checkout");
        assertThat(slo.objective()).isEqualTo(99.9);
        assertThat(slo.period().text()).isEqualTo("28d");
        assertThat(slo.sli().kind()).isEqualTo(Sli.EVENTS);
        assertThat(slo.appId()).isEqualTo("app-1");
        assertThat(slo.policy().rules()).containsExactly(
                new BurnPolicy.Rule(BurnPolicy.Severity.CRITICAL, 60, 0, 14.4, 0));
        assertThatThrownBy(() -> OpenSlo.read(CATALOGUE, null)).hasMessageContaining("?app=");
    }

    @Test
    void vigilsOwnSlosGoOutAndComeBackTheSame() {
        Slo latency = new Slo("a", "api-latency", "platform", "fast enough", null,
                new Sli(Sli.HTTP_LATENCY, "/api/v1/*", 400, null), 95, Period.of("month"), BurnPolicy.defaults(), true, 0, 0);
        BurnPolicy seed = BurnPolicy.preset(BurnPolicy.SEED_003);
        Slo events = new Slo("b", "crash-free", "mobile", "", "app-9", new Sli(Sli.EVENTS, null, null, null), 99.5,
                Period.of("30d"), new BurnPolicy(null, seed.rules(), 4), true, 0, 0);
        String yaml = OpenSloExport.yaml(List.of(latency, events));
        assertThat(yaml).contains("apiVersion: openslo/v1", "kind: SLO", "type: Vigil", "duration: 1M", "target: 0.95");
        List<SloSpec> back = OpenSlo.read(yaml, null);
        for (int i = 0; i < 2; i++) {
            Slo original = List.of(latency, events).get(i);
            Slo read = back.get(i).create(original.id(), 0);
            assertThat(read.name()).isEqualTo(original.name());
            assertThat(read.sli()).isEqualTo(original.sli());
            assertThat(read.objective()).isEqualTo(original.objective());
            assertThat(read.period()).isEqualTo(original.period());
            assertThat(read.policy().rules()).isEqualTo(original.policy().rules());
            assertThat(read.policy().budgetMinEvents()).isEqualTo(original.policy().budgetMinEvents());
            assertThat(read.appId()).isEqualTo(original.appId());
            assertThat(read.owner()).isEqualTo(original.owner());
        }
    }

    @Test
    void whatDoesNotMapIsRefusedNamingWhy() {
        String timeslices = CATALOGUE.replace("budgetingMethod: Occurrences", "budgetingMethod: Timeslices");
        assertThatThrownBy(() -> OpenSlo.read(timeslices, "a")).hasMessageContaining("Timeslices");
        String hourly = CATALOGUE.replace("duration: 4w", "duration: 12h");
        assertThatThrownBy(() -> OpenSlo.read(hourly, "a")).hasMessageContaining("whole days");
        assertThatThrownBy(() -> OpenSlo.read("apiVersion: openslo/v2\nkind: SLO\nmetadata: {name: x}\n", "a"))
                .hasMessageContaining("openslo/v1");
        assertThatThrownBy(() -> OpenSlo.read("a: [1, 2", "a")).hasMessageContaining("not OpenSLO");
        assertThatThrownBy(() -> OpenSlo.read("- 1\n- 2\n", "a")).hasMessageContaining("mapping");
        String bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n";
        assertThatThrownBy(() -> OpenSlo.read(bomb, "a")).hasMessageContaining("not OpenSLO");
        assertThatThrownBy(() -> OpenSlo.read("!!java.lang.Runtime {}\n", "a")).hasMessageContaining("not OpenSLO");
    }
}
