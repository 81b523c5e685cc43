package dev.vigil.alerting.internal.channels.pagerduty;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class PagerDutyEventTest {

    private static JsonObject message(String status, String alerts, int firing, int acknowledged, int resolved) {
        return Json.createReader(new StringReader("{\"version\": \"1\", \"status\": \"" + status + "\", \"receiver\": \"pager\","
                + " \"groupKey\": \"{}:{alertname=\\\"ApiDown\\\"}\", \"groupLabels\": {\"alertname\": \"ApiDown\"},"
                + " \"commonLabels\": {\"alertname\": \"ApiDown\", \"instance\": \"api-1\"}, \"commonAnnotations\": {},"
                + " \"alerts\": [" + alerts + "], \"firing\": " + firing + ", \"acknowledged\": " + acknowledged
                + ", \"resolved\": " + resolved + ", \"truncatedAlerts\": 0}")).readObject();
    }

    private static String alert(String status, String severity, String runbook) {
        return "{\"id\": \"a\", \"status\": \"" + status + "\", \"severity\": \"" + severity + "\", \"labels\":"
                + " {\"alertname\": \"ApiDown\"}, \"annotations\": {\"runbook_url\": \"" + runbook + "\"},"
                + " \"startsAt\": \"2026-12-01T03:00:00Z\", \"fingerprint\": \"f\"}";
    }

    @Test
    void aFiringGroupTriggersWithItsHighestSeverityAndRunbook() {
        JsonObject event = PagerDutyEvent.of("KEY", message("firing",
                alert("firing", "warning", "https://runbooks.example.com/a") + "," + alert("firing", "critical", "x"), 2, 0, 0));
        assertThat(event.getString("event_action")).isEqualTo("trigger");
        assertThat(event.getString("routing_key")).isEqualTo("KEY");
        assertThat(event.getString("dedup_key")).isEqualTo(PagerDutyEvent.sha256("{}:{alertname=\"ApiDown\"}"));
        JsonObject payload = event.getJsonObject("payload");
        assertThat(payload.getString("severity")).isEqualTo("critical");
        assertThat(payload.getString("summary")).isEqualTo("[FIRING:2] ApiDown");
        assertThat(payload.getString("source")).isEqualTo("api-1");
        assertThat(payload.getString("timestamp")).isEqualTo("2026-12-01T03:00:00Z");
        assertThat(event.getJsonArray("links").getJsonObject(0).getString("href")).isEqualTo("https://runbooks.example.com/a");
    }

    @Test
    void acknowledgedAndResolvedGroupsUseTheSameKeyWithoutAPayload() {
        JsonObject firing = PagerDutyEvent.of("KEY", message("firing", alert("firing", "info", "x"), 1, 0, 0));
        JsonObject acked = PagerDutyEvent.of("KEY", message("acknowledged", alert("acknowledged", "info", "x"), 0, 1, 0));
        JsonObject resolved = PagerDutyEvent.of("KEY", message("resolved", alert("resolved", "info", "x"), 0, 0, 1));
        assertThat(acked.getString("event_action")).isEqualTo("acknowledge");
        assertThat(resolved.getString("event_action")).isEqualTo("resolve");
        assertThat(acked.getString("dedup_key")).isEqualTo(firing.getString("dedup_key"))
                .isEqualTo(resolved.getString("dedup_key"));
        assertThat(acked.containsKey("payload")).isFalse();
        assertThat(firing.getJsonObject("payload").getString("severity")).isEqualTo("info");
        assertThat(firing.containsKey("links")).as("no link that is not http(s)").isFalse();
    }

    @Test
    void aLongSummaryIsCutToPagerDutysLimit() {
        JsonObject message = Json.createObjectBuilder(message("firing", alert("firing", "info", "x"), 1, 0, 0))
                .add("commonAnnotations", Json.createObjectBuilder().add("summary", "s".repeat(5000))).build();
        assertThat(PagerDutyEvent.of("KEY", message).getJsonObject("payload").getString("summary"))
                .hasSize(PagerDutyEvent.MAX_SUMMARY);
    }
}
