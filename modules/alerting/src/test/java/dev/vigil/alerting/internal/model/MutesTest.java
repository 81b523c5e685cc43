package dev.vigil.alerting.internal.model;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each kind of mute mutes what it should and nothing else, on an injected clock: a silence, a
 * weekly maintenance window across midnight on both daylight-saving nights in Europe/Berlin, a cron
 * window, an inhibition rule with equal labels, and an open breaker.
 */
class MutesTest {

    private static final Map<String, String> DB_1 = Map.of("alertname", "DiskFull", "team", "db", "cluster", "eu-1",
            "severity", "warning");
    private static final Map<String, String> WEB_1 = Map.of("alertname", "Latency", "team", "web", "cluster", "eu-1",
            "severity", "warning");

    @Test
    void aSilenceMutesWhatItMatchesBetweenItsTimesOnly() {
        long start = Instant.parse("2026-11-30T10:00:00Z").toEpochMilli();
        long end = start + Duration.ofHours(2).toMillis();
        Mutes mutes = new Mutes(List.of(new Mutes.Silence("s1", List.of(Matcher.parse("team=\"db\"")), start, end)),
                List.of(), List.of(), List.of(), name -> false, 60_000);
        assertThat(mutes.of(DB_1, start - 1)).isEmpty();
        assertThat(mutes.of(DB_1, start)).contains(new Mutes.Mute("silence s1", end));
        assertThat(mutes.of(DB_1, end - 1)).isPresent();
        assertThat(mutes.of(DB_1, end)).isEmpty();
        assertThat(mutes.of(WEB_1, start + 1)).as("another team's alert").isEmpty();
    }

    @Test
    void aWeeklyWindowAcrossMidnightHoldsOnTheNightTheClocksGoForward() {
        // Saturday 28 March 2026, 23:00 CET (22:00 UTC) to Sunday 03:00 CEST (01:00 UTC): three real hours.
        Mutes mutes = windows("{\"name\": \"nightly\", \"matchers\": [\"team=db\"], \"zone\": \"Europe/Berlin\","
                + " \"days\": [\"SAT\"], \"start\": \"23:00\", \"end\": \"03:00\"}");
        assertThat(mutes.of(DB_1, at("2026-03-28T21:59:59Z"))).isEmpty();
        assertThat(mutes.of(DB_1, at("2026-03-28T22:00:00Z"))).hasValueSatisfying(m -> {
            assertThat(m.reason()).isEqualTo("maintenance window nightly");
            assertThat(m.until()).isEqualTo(at("2026-03-29T01:00:00Z"));
        });
        assertThat(mutes.of(DB_1, at("2026-03-29T00:30:00Z"))).as("02:30 local does not exist; still inside").isPresent();
        assertThat(mutes.of(DB_1, at("2026-03-29T01:00:00Z"))).isEmpty();
        assertThat(mutes.of(WEB_1, at("2026-03-28T23:00:00Z"))).isEmpty();
        assertThat(mutes.of(DB_1, at("2026-03-27T22:30:00Z"))).as("a Friday").isEmpty();
    }

    @Test
    void aWeeklyWindowAcrossMidnightHoldsOnTheNightTheClocksGoBack() {
        // Saturday 24 October 2026, 23:00 CEST (21:00 UTC) to Sunday 03:00 CET (02:00 UTC): five real hours.
        Mutes mutes = windows("{\"name\": \"nightly\", \"matchers\": [\"team=db\"], \"zone\": \"Europe/Berlin\","
                + " \"days\": [\"SAT\"], \"start\": \"23:00\", \"end\": \"03:00\"}");
        assertThat(mutes.of(DB_1, at("2026-10-24T20:59:59Z"))).isEmpty();
        assertThat(mutes.of(DB_1, at("2026-10-24T21:00:00Z"))).isPresent();
        assertThat(mutes.of(DB_1, at("2026-10-25T01:30:00Z"))).as("02:30 local the second time").isPresent();
        assertThat(mutes.of(DB_1, at("2026-10-25T01:59:59Z"))).isPresent();
        assertThat(mutes.of(DB_1, at("2026-10-25T02:00:00Z"))).isEmpty();
    }

    @Test
    void aCronWindowHoldsForItsDurationAfterEachTimeItNames() {
        Mutes mutes = windows("{\"name\": \"backups\", \"matchers\": [\"team=~\\\"db|web\\\"\"], \"zone\": \"Europe/Berlin\","
                + " \"cron\": \"30 1 * * 1-5\", \"duration\": \"2h\"}");
        // Monday 30 November 2026, 01:30 CET = 00:30 UTC, for two hours.
        assertThat(mutes.of(WEB_1, at("2026-11-30T00:29:59Z"))).isEmpty();
        assertThat(mutes.of(WEB_1, at("2026-11-30T00:30:00Z"))).hasValueSatisfying(
                m -> assertThat(m.until()).isEqualTo(at("2026-11-30T02:30:00Z")));
        assertThat(mutes.of(DB_1, at("2026-11-30T02:29:00Z"))).isPresent();
        assertThat(mutes.of(DB_1, at("2026-11-30T02:30:00Z"))).isEmpty();
        assertThat(mutes.of(DB_1, at("2026-11-29T00:45:00Z"))).as("a Sunday").isEmpty();
        assertThat(mutes.of(Map.of("alertname", "X", "team", "ops"), at("2026-11-30T01:00:00Z"))).isEmpty();
    }

    @Test
    void anInhibitionRuleMutesTargetsWithTheSourcesEqualLabelsAndNeverTheSourceItself() {
        Map<String, String> down = Map.of("alertname", "DatabaseDown", "team", "db", "cluster", "eu-1", "severity", "critical");
        Mutes.Inhibition rule = MuteDefinitions.inhibition("r1", json("{\"sourceMatchers\": [\"alertname=DatabaseDown\"],"
                + " \"targetMatchers\": [\"severity=warning\"], \"equal\": [\"cluster\"]}"));
        Mutes mutes = new Mutes(List.of(), List.of(), List.of(rule), List.of(down, DB_1), name -> false, 60_000);
        long now = 1_000_000L;
        assertThat(mutes.of(DB_1, now)).hasValueSatisfying(m -> {
            assertThat(m.reason()).startsWith("inhibition rule r1");
            assertThat(m.until()).isEqualTo(now + 60_000);
        });
        assertThat(mutes.of(WEB_1, now)).as("the same cluster, another team: equal labels hold").isPresent();
        assertThat(mutes.of(Map.of("alertname", "Latency", "cluster", "us-1", "severity", "warning"), now))
                .as("another cluster").isEmpty();
        assertThat(mutes.of(down, now)).as("the source is not a target").isEmpty();
        Mutes noSource = new Mutes(List.of(), List.of(), List.of(rule), List.of(DB_1), name -> false, 60_000);
        assertThat(noSource.of(DB_1, now)).as("no source firing").isEmpty();
    }

    @Test
    void anOpenBreakerMutesTheAlertsLabelledWithItsDependency() {
        Mutes mutes = new Mutes(List.of(), List.of(), List.of(), List.of(), Set.of("webhook")::contains, 30_000);
        assertThat(mutes.of(Map.of("alertname", "Deliveries", "dependency", "webhook"), 5L)).contains(
                new Mutes.Mute("inhibited by breaker: dependency webhook is open", 30_005L));
        assertThat(mutes.of(Map.of("alertname", "Deliveries", "dependency", "smtp"), 5L)).isEmpty();
        assertThat(mutes.of(DB_1, 5L)).isEmpty();
        assertThat(Mutes.NONE.of(DB_1, 5L)).isEqualTo(Optional.empty());
    }

    private static Mutes windows(String definition) {
        return new Mutes(List.of(), List.of(MuteDefinitions.window("w1", json(definition))), List.of(), List.of(),
                name -> false, 60_000);
    }

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    private static jakarta.json.JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
