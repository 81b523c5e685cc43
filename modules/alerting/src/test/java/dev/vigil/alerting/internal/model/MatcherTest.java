package dev.vigil.alerting.internal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MatcherTest {

    private static final Map<String, String> LABELS = Map.of("alertname", "DiskFull", "severity", "critical",
            "team", "db", "instance", "db-1:9100");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
        "severity=\"critical\"      ; true",
        "severity=critical          ; true",
        "severity = \"warning\"     ; false",
        "severity!=\"warning\"      ; true",
        "team=~\"db|infra\"         ; true",
        "team=~\"d\"                ; false",
        "instance=~\"db-.*\"        ; true",
        "instance!~\"db-.*\"        ; false",
        "env=\"\"                   ; true",
        "env!=\"\"                  ; false",
        "env!=\"prod\"              ; true",
        "env=~\"prod|\"             ; true",
        "alertname=\"Disk\\\"Full\" ; false"
    })
    void matchesAsAlertmanagerDoes(String text, boolean expected) {
        assertThat(Matcher.parse(text).matches(LABELS)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "=critical",
        "severity",
        "severity~critical",
        "severity=\"critical",
        "severity=\"critical\" x",
        "team=~\"(\"",
        "9team=db"
    })
    void refusesWhatIsNoMatcher(String text) {
        assertThatThrownBy(() -> Matcher.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRegexThatBacktracksWithoutEndGivesUpAsNoMatch() {
        Matcher evil = Matcher.parse("instance=~\"(a+)+$\"");
        long started = System.nanoTime();
        assertThat(evil.matches(Map.of("instance", "a".repeat(40) + "!"))).isFalse();
        assertThat(Matcher.parse("instance!~\"(a+)+$\"").matches(Map.of("instance", "a".repeat(40) + "!"))).isTrue();
        assertThat(System.nanoTime() - started).as("bounded work, not minutes").isLessThan(30_000_000_000L);
    }

    @Test
    void printsInAlertmanagersQuotedForm() {
        assertThat(Matcher.parse("team=~db|infra").toString()).isEqualTo("team=~\"db|infra\"");
    }
}
