package dev.vigil.alerting.internal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A routing document and a table of label sets with the receivers each must reach, as Alertmanager routes. */
class RoutingTreeTest {

    private static final RoutingTree.Timing DEFAULTS = new RoutingTree.Timing(Duration.ofSeconds(30),
            Duration.ofMinutes(5), Duration.ofHours(4));

    static final String DOCUMENT = """
            {"receivers": [
               {"name": "ops", "channels": ["ops-slack"]},
               {"name": "pager", "channels": ["pd", "ops-slack"]},
               {"name": "db-team", "channels": ["db-mail"]},
               {"name": "audit", "channels": ["audit-hook"]},
               {"name": "quiet", "channels": []}],
             "route": {"receiver": "ops", "groupBy": ["alertname"], "routes": [
               {"matchers": ["source=\\"alertmanager\\""], "receiver": "audit", "continue": true},
               {"matchers": ["severity=\\"critical\\""], "receiver": "pager", "groupWait": "0s", "continue": true},
               {"matchers": ["team=~\\"db|database\\""], "receiver": "db-team", "groupBy": ["alertname", "instance"],
                "routes": [
                  {"matchers": ["env!=\\"prod\\""], "receiver": "quiet"}]},
               {"matchers": ["severity=\\"info\\""], "receiver": "quiet", "groupBy": ["..."]}]}}
            """;

    private static RoutingTree tree() {
        return RoutingTree.parse(json(DOCUMENT), DEFAULTS, List.of("alertname"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "alertname=A,severity=warning                         | ops",
        "alertname=A,severity=critical                        | pager",
        "alertname=A,severity=critical,team=db,env=prod       | pager,db-team",
        "alertname=A,severity=warning,team=database,env=stage | quiet",
        "alertname=A,severity=warning,team=db                 | quiet",
        "alertname=A,severity=info                            | quiet",
        "alertname=A,severity=critical,source=alertmanager    | audit,pager",
        "alertname=A,severity=warning,team=dba,env=prod       | ops"
    })
    void labelSetsReachTheirReceivers(String labels, String receivers) {
        List<String> reached = tree().route(labels(labels)).stream().map(m -> m.receiver().name()).toList();
        assertThat(reached).containsExactly(receivers.split(","));
    }

    @Test
    void childrenInheritTimingsAndGroupingAndGroupKeysFollowTheGroupLabels() {
        Map<String, String> db1 = labels("alertname=A,severity=critical,team=db,env=prod,instance=db-1");
        Map<String, String> db2 = labels("alertname=A,severity=critical,team=db,env=prod,instance=db-2");
        RoutingTree.Match pager1 = tree().route(db1).get(0);
        RoutingTree.Match pager2 = tree().route(db2).get(0);
        assertThat(pager1.route().timing().groupWait()).isZero();
        assertThat(pager1.route().timing().repeatInterval()).isEqualTo(Duration.ofHours(4));
        assertThat(pager1.groupLabels()).containsExactly(Map.entry("alertname", "A"));
        assertThat(pager1.groupKey()).isEqualTo(pager2.groupKey());
        RoutingTree.Match team1 = tree().route(db1).get(1);
        RoutingTree.Match team2 = tree().route(db2).get(1);
        assertThat(team1.groupLabels()).containsEntry("instance", "db-1");
        assertThat(team1.groupKey()).isNotEqualTo(team2.groupKey());
        assertThat(team1.route().timing().groupWait()).isEqualTo(Duration.ofSeconds(30));
        RoutingTree.Match all = tree().route(labels("alertname=A,severity=info,x=1")).get(0);
        assertThat(all.groupLabels()).containsKeys("alertname", "severity", "x");
    }

    @Test
    void theDefaultsSendEverythingToOneReceiverWithoutChannels() {
        RoutingTree defaults = RoutingTree.defaults(DEFAULTS, List.of("alertname"));
        List<RoutingTree.Match> matches = defaults.route(labels("alertname=A"));
        assertThat(matches).hasSize(1);
        assertThat(matches.get(0).receiver().channels()).isEmpty();
        assertThat(RoutingTree.parse(defaults.document(), DEFAULTS, List.of()).route(labels("alertname=B"))).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"route\": {\"receiver\": \"x\"}}                                                                    | receivers",
        "{\"receivers\": [{\"name\": \"a\", \"channels\": []}]}                                                 | root route",
        "{\"receivers\": [{\"name\": \"a\", \"channels\": []}], \"route\": {\"receiver\": \"b\"}}               | no receiver named b",
        "{\"receivers\": [{\"name\": \"a\", \"channels\": []}], \"route\": {\"receiver\": \"a\", \"matchers\": []}} | root route matches every alert",
        "{\"receivers\": [{\"name\": \"a\", \"channels\": []}], \"route\": {\"receiver\": \"a\", \"groupWait\": \"2h\"}} | groupWait",
        "{\"receivers\": [{\"name\": \"a\", \"channels\": []}], \"route\": {\"receiver\": \"a\", \"routes\": [{\"matchers\": [\"x=~(\"]}]}} | no valid regex",
        "{\"receivers\": [{\"name\": \"a\", \"channels\": []}], \"route\": {\"receiver\": \"a\", \"colour\": \"red\"}} | unknown field",
        "{\"receivers\": [{\"name\": \"a\", \"channels\": []}, {\"name\": \"a\", \"channels\": []}], \"route\": {\"receiver\": \"a\"}} | named twice"
    })
    void refusesABrokenDocumentSayingWhere(String document, String says) {
        assertThatThrownBy(() -> RoutingTree.parse(json(document), DEFAULTS, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(says);
    }

    @Test
    void refusesATreeDeeperOrWiderThanItsLimits() {
        String deep = "{\"receiver\": \"a\"}";
        for (int i = 0; i < RoutingTree.MAX_DEPTH; i++) {
            deep = "{\"receiver\": \"a\", \"routes\": [" + deep + "]}";
        }
        String document = "{\"receivers\": [{\"name\": \"a\", \"channels\": []}], \"route\": " + deep + "}";
        assertThatThrownBy(() -> RoutingTree.parse(json(document), DEFAULTS, List.of())).hasMessageContaining("nest");
        String wide = "{\"receivers\": [{\"name\": \"a\", \"channels\": []}], \"route\": {\"receiver\": \"a\", \"routes\": ["
                + String.join(",", java.util.Collections.nCopies(RoutingTree.MAX_ROUTES, "{\"matchers\": [\"a=b\"]}")) + "]}}";
        assertThatThrownBy(() -> RoutingTree.parse(json(wide), DEFAULTS, List.of())).hasMessageContaining("at most");
    }

    static Map<String, String> labels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        Arrays.stream(text.split(",")).map(String::strip).forEach(pair -> {
            String[] kv = pair.split("=", 2);
            labels.put(kv[0], kv[1]);
        });
        return labels;
    }

    static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
