package dev.vigil.blackbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.vigil.testing.BlackBox;
import dev.vigil.testing.Http;
import dev.vigil.testing.Http.Reply;
import dev.vigil.testing.Personas;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The email channel against a real SMTP server (GreenMail: plain SMTP, and implicit TLS with its own
 * certificate, which the test server trusts by host name), and the PagerDuty Events v2 channel
 * against a WireMock receiver standing in for {@code events.pagerduty.com}: one incident per group,
 * triggered, acknowledged when its alert is, and resolved, under one dedup key.
 */
@ExtendWith(BlackBox.class)
class AlertChannelsIT {

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(
            new com.icegreen.greenmail.util.ServerSetup[] {ServerSetupTest.SMTP.dynamicPort(),
                    ServerSetupTest.SMTPS.dynamicPort()});

    private static final String ROUTING_KEY = "R0UTINGKEY0123456789abcdefABCDEF";
    private static WireMockServer pagerduty;

    private final Http http = BlackBox.http();
    private final Personas personas = BlackBox.personas();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void startPagerDuty() {
        pagerduty = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        pagerduty.start();
        pagerduty.stubFor(post(urlEqualTo("/v2/enqueue")).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"status\": \"success\", \"message\": \"Event processed\"}")));
    }

    @AfterAll
    static void stopPagerDuty() {
        pagerduty.stop();
    }

    @Test
    void anEmailHasATextAndAnHtmlPartOverPlainSmtpAndOverTls() throws Exception {
        String plain = channel("{\"name\": \"mail-" + run + "\", \"type\": \"email\", \"to\": \"oncall-" + run
                + "@example.com, lead-" + run + "@example.com\", \"from\": \"vigil@example.com\", \"smarthost\":"
                + " \"127.0.0.1:" + MAIL.getSmtp().getPort() + "\", \"security\": \"none\"}");
        String tls = channel("{\"name\": \"mails-" + run + "\", \"type\": \"email\", \"to\": \"secure-" + run
                + "@example.com\", \"smarthost\": \"127.0.0.1:" + MAIL.getSmtps().getPort() + "\", \"security\": \"tls\"}");
        route("mail-" + run, "mails-" + run);
        String name = "DiskFull" + run;
        http.postJson("api/v1/alerts", personas.alpha().auth(), "{\"name\": \"" + name + "\", \"severity\": \"critical\","
                + " \"annotations\": {\"summary\": \"disk <b>97%</b> full\", \"runbook_url\": \"https://runbooks.example.com/disk\"}}");

        await().atMost(Duration.ofSeconds(30)).until(() -> mails("oncall-" + run).size() == 1
                && mails("lead-" + run).size() == 1 && mails("secure-" + run).size() == 1);
        MimeMessage mail = mails("oncall-" + run).get(0);
        assertThat(mail.getSubject()).isEqualTo("[FIRING:1] " + name + " (mail)");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("vigil@example.com");
        assertThat(Arrays.stream(mail.getRecipients(Message.RecipientType.TO)).map(Object::toString))
                .containsExactly("oncall-" + run + "@example.com", "lead-" + run + "@example.com");
        assertThat(mail.getHeader("X-Vigil-Delivery")[0]).matches("[0-9a-f-]{36}");
        assertThat(mail.getMessageID()).isEqualTo("<" + mail.getHeader("X-Vigil-Delivery")[0] + "@vigil>");
        MimeMultipart parts = (MimeMultipart) mail.getContent();
        assertThat(parts.getContentType()).startsWith("multipart/alternative");
        assertThat(parts.getCount()).isEqualTo(2);
        BodyPart text = parts.getBodyPart(0);
        BodyPart html = parts.getBodyPart(1);
        assertThat(text.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
        assertThat((String) text.getContent()).contains(name).contains("summary: disk <b>97%</b> full")
                .contains("runbook_url: https://runbooks.example.com/disk");
        assertThat(html.getContentType()).startsWith("text/html");
        assertThat((String) html.getContent()).contains("<h2>[FIRING:1] " + name)
                .contains("disk &lt;b&gt;97%&lt;/b&gt; full").doesNotContain("<b>97%</b>");
        assertThat(mails("secure-" + run).get(0).getSubject()).isEqualTo("[FIRING:1] " + name + " (mail)");

        http.postJson("api/v1/alerts", personas.alpha().auth(), "{\"name\": \"" + name + "\", \"severity\": \"critical\","
                + " \"status\": \"resolved\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> mails("oncall-" + run).size() == 2);
        assertThat(mails("oncall-" + run).get(1).getSubject()).isEqualTo("[RESOLVED:1] " + name + " (mail)");
        String channels = http.get("api/v1/admin/alerting/channels/" + plain, personas.admin()).body();
        assertThat(channels).contains("\"to\":").contains("\"credentialSet\":false");
        assertThat(tls).isNotEqualTo(plain);
    }

    @Test
    void starttlsRequiredIsNotSilentlySkippedAndTheFailureIsLogged() throws Exception {
        channel("{\"name\": \"starttls-" + run + "\", \"type\": \"email\", \"to\": \"never-" + run + "@example.com\","
                + " \"smarthost\": \"127.0.0.1:" + MAIL.getSmtp().getPort() + "\", \"security\": \"starttls\"}");
        route("starttls-" + run);
        http.postJson("api/v1/alerts", personas.alpha().auth(), "{\"name\": \"Plain" + run + "\", \"severity\": \"info\"}");
        JsonObject logged = await().atMost(Duration.ofSeconds(30)).until(
                () -> http.get("api/v1/admin/alerting/notifications?channel=starttls-" + run, personas.admin())
                        .jsonValue().asJsonArray(),
                l -> !l.isEmpty() && l.getJsonObject(0).containsKey("lastError")).getJsonObject(0);
        assertThat(logged.getString("status")).isIn("retrying", "failed");
        assertThat(logged.getString("lastError")).containsIgnoringCase("STARTTLS");
        assertThat(mails("never-" + run)).as("nothing went out in the clear").isEmpty();
        // Deleted, so its retries end now rather than count against the SMTP breaker of later tests.
        String id = http.get("api/v1/admin/alerting/channels", personas.admin()).jsonValue().asJsonArray().stream()
                .map(v -> v.asJsonObject()).filter(c -> c.getString("name").equals("starttls-" + run)).findFirst()
                .orElseThrow().getString("id");
        assertThat(http.delete("api/v1/admin/alerting/channels/" + id, personas.admin()).status()).isEqualTo(204);
    }

    @Test
    void aPagerDutyIncidentIsTriggeredAcknowledgedAndResolvedUnderOneDedupKey() {
        channel("{\"name\": \"pd-" + run + "\", \"type\": \"pagerduty\", \"routingKey\": \"" + ROUTING_KEY + "\","
                + " \"url\": \"" + pagerduty.baseUrl() + "/v2/enqueue\"}");
        route("pd-" + run);
        String name = "ApiDown" + run;
        String alertId = http.postJson("api/v1/alerts", personas.alpha().auth(), "{\"name\": \"" + name + "\","
                + " \"severity\": \"critical\", \"labels\": {\"instance\": \"api-1\"}, \"annotations\": {\"summary\":"
                + " \"the API answers 503\", \"runbook_url\": \"https://runbooks.example.com/api\"}}").json().getString("id");

        JsonObject trigger = await().atMost(Duration.ofSeconds(30)).until(() -> events(name), l -> l.size() == 1).get(0);
        assertThat(trigger.getString("routing_key")).isEqualTo(ROUTING_KEY);
        assertThat(trigger.getString("event_action")).isEqualTo("trigger");
        String dedupKey = trigger.getString("dedup_key");
        assertThat(dedupKey).matches("[0-9a-f]{64}");
        JsonObject payload = trigger.getJsonObject("payload");
        assertThat(payload.getString("summary")).isEqualTo("[FIRING:1] " + name + ": the API answers 503");
        assertThat(payload.getString("severity")).isEqualTo("critical");
        assertThat(payload.getString("source")).isEqualTo("api-1");
        assertThat(payload.getString("timestamp")).isNotEmpty();
        assertThat(trigger.getJsonArray("links").getJsonObject(0).getString("href")).isEqualTo("https://runbooks.example.com/api");

        Reply acked = http.postJson("api/v1/admin/alerts/" + alertId + "/ack", personas.admin(),
                "{\"comment\": \"looking\", \"for\": \"1h\"}");
        assertThat(acked.status()).as(acked.toString()).isEqualTo(200);
        List<JsonObject> two = await().atMost(Duration.ofSeconds(30)).until(() -> events(dedupKey), l -> l.size() == 2);
        assertThat(two.get(1).getString("event_action")).isEqualTo("acknowledge");
        assertThat(two.get(1).getString("routing_key")).isEqualTo(ROUTING_KEY);

        http.postJson("api/v1/alerts", personas.alpha().auth(), "{\"name\": \"" + name + "\", \"severity\": \"critical\","
                + " \"labels\": {\"instance\": \"api-1\"}, \"status\": \"resolved\"}");
        List<JsonObject> three = await().atMost(Duration.ofSeconds(30)).until(() -> events(dedupKey), l -> l.size() == 3);
        assertThat(three.get(2).getString("event_action")).isEqualTo("resolve");
        assertThat(http.get("api/v1/admin/alerting/channels", personas.admin()).body()).doesNotContain(ROUTING_KEY);
    }

    @Test
    void aChannelsFieldsAreCheckedForItsType() {
        String[] bad = {
            "{\"name\": \"m-" + run + "\", \"type\": \"email\"}",
            "{\"name\": \"m-" + run + "\", \"type\": \"email\", \"to\": \"not an address\"}",
            "{\"name\": \"m-" + run + "\", \"type\": \"email\", \"to\": \"a@example.com\", \"security\": \"ssl3\"}",
            "{\"name\": \"m-" + run + "\", \"type\": \"email\", \"to\": \"a@example.com\", \"smarthost\": \"mail\"}",
            "{\"name\": \"m-" + run + "\", \"type\": \"email\", \"to\": \"a@example.com\", \"password\": \"p\"}",
            "{\"name\": \"m-" + run + "\", \"type\": \"email\", \"to\": \"a@example.com\", \"url\": \"https://x.example\"}",
            "{\"name\": \"m-" + run + "\", \"type\": \"email\", \"to\": \"a@example.com\\r\\nBcc: all@example.com\"}",
            "{\"name\": \"p-" + run + "\", \"type\": \"pagerduty\"}",
            "{\"name\": \"p-" + run + "\", \"type\": \"pagerduty\", \"routingKey\": \"short\"}",
            "{\"name\": \"p-" + run + "\", \"type\": \"pagerduty\", \"routingKey\": \"" + ROUTING_KEY + "\", \"url\": \"file:///etc\"}",
            "{\"name\": \"x-" + run + "\", \"type\": \"carrier-pigeon\"}",
        };
        for (String body : bad) {
            Reply reply = http.postJson("api/v1/admin/alerting/channels", personas.admin(), body);
            assertThat(reply.status()).as(body + " -> " + reply).isEqualTo(400);
            assertThat(reply.code()).isEqualTo("invalid_request");
        }
        assertThat(http.get("api/v1/admin/alerting/channels", personas.admin()).body()).doesNotContain("m-" + run)
                .doesNotContain("p-" + run);
    }

    private String channel(String body) {
        Reply created = http.postJson("api/v1/admin/alerting/channels", personas.admin(), body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().getJsonObject("channel").getString("id");
    }

    /** Every alert to these channels, at once. */
    private void route(String... channels) {
        String list = String.join("\", \"", channels);
        Reply stored = http.send("PUT", "api/v1/admin/alerting/routes", personas.admin(), "application/json",
                HttpRequest.BodyPublishers.ofString("{\"receivers\": [{\"name\": \"mail\", \"channels\": [\"" + list
                        + "\"]}], \"route\": {\"receiver\": \"mail\", \"groupBy\": [\"alertname\"], \"groupWait\": \"0s\","
                        + " \"groupInterval\": \"1s\", \"repeatInterval\": \"1h\"}}"));
        assertThat(stored.status()).as(stored.toString()).isEqualTo(200);
    }

    /**
     * Mails to a recipient, once each (GreenMail keeps a copy per recipient's mailbox), but the daily
     * digest: a fresh server posts yesterday's at its first quarter-hour run after 08:00, to the root
     * receiver, which is this test's mail channel while the test runs.
     */
    private static List<MimeMessage> mails(String recipient) throws Exception {
        java.util.Set<String> seen = new java.util.HashSet<>();
        return Arrays.stream(MAIL.getReceivedMessages()).filter(m -> {
            try {
                return seen.add(m.getMessageID()) && !String.valueOf(m.getSubject()).startsWith("[DIGEST]");
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().startsWith(recipient + "@"));
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).toList();
    }

    /** Events received that mention a text (an alert name or a dedup key), oldest first. */
    private static List<JsonObject> events(String text) {
        return pagerduty.findAll(postRequestedFor(urlEqualTo("/v2/enqueue"))).stream()
                .sorted(java.util.Comparator.comparing(com.github.tomakehurst.wiremock.verification.LoggedRequest::getLoggedDate))
                .map(r -> r.getBodyAsString()).filter(b -> b.contains(text))
                .map(b -> Json.createReader(new StringReader(b)).readObject()).toList();
    }
}
