package dev.vigil.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.BlackBox;
import dev.vigil.testing.Browser;
import dev.vigil.testing.Http;
import dev.vigil.testing.Http.Auth;
import dev.vigil.testing.Http.Reply;
import dev.vigil.testing.Personas;
import dev.vigil.testing.TestDatabase;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Every page of the admin UI in a real Chromium, signed in as an admin and as a member: it renders
 * with no console error and no failed request, its main action works end to end, axe-core finds no
 * accessibility violation, and a screenshot is written under {@code target/screenshots/}. The UI
 * does not depend on the database, so this runs on H2 only ({@link SessionsIT} covers the sessions
 * on both).
 */
@ExtendWith(BlackBox.class)
@EnabledIfSystemProperty(named = "vigil.test.db", matches = "h2")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminUiIT {

    private Http http;
    private Personas personas;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private Browser browser;
    private String groupId;
    private String reportId;

    @BeforeAll
    void startBrowser() {
        http = BlackBox.http();
        personas = BlackBox.personas();
        if (!Browser.installed()) {
            if (TestDatabase.underCi()) {
                throw new IllegalStateException("chromium and chromedriver are missing: run ci/install-test-tools.sh");
            }
            Assumptions.abort("chromium and chromedriver are missing: run ci/install-test-tools.sh");
        }
        String report = "{\"summary\": \"Upload stuck " + run + "\", \"description\": \"Tapped retry twice\","
                + " \"app\": {\"version\": \"2.3.1\"}, \"device\": {\"model\": \"Pixel 8\", \"os\": \"android\"},"
                + " \"events\": [{\"type\": \"upload.queued\", \"at\": \"2026-11-23T09:59:00Z\"},"
                + " {\"type\": \"upload.retry\", \"at\": \"2026-11-23T10:00:00Z\", \"attributes\": {\"attempt\": 3}}]}";
        Reply stored = http.postJson("api/v1/issues", personas.alpha().auth(), report);
        assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
        groupId = stored.json().getString("group");
        reportId = stored.json().getString("id");
        ingestData();
        browser = Browser.start(http.base());
    }

    /**
     * Alpha's uploads (one stored, one refused), telemetry of version 8.0.0 (blocks in the last minutes,
     * sessions, sync lags) and a trigger of alpha's that fires for it after a watch run.
     */
    private void ingestData() {
        String kind = "ui-" + run;
        assertThat(http.send("PUT", "api/v1/admin/upload-kinds/" + kind, personas.admin(), "application/json",
                java.net.http.HttpRequest.BodyPublishers.ofString("{\"schema\": {\"required\": [\"runId\"]}}")).status())
                .isEqualTo(201);
        for (String body : List.of("{\"runId\": \"r1\"}", "{\"steps\": 1}")) {
            http.send("POST", "api/v1/uploads/" + kind, personas.alpha().auth(), "application/json",
                    java.net.http.HttpRequest.BodyPublishers.ofString(body), java.util.Map.of("Idempotency-Key", run + body.length()));
        }
        java.time.Instant at = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).minusSeconds(180);
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            events.append(i == 0 ? "" : ", ").append("{\"id\": \"ui-").append(run).append('-').append(i)
                    .append("\", \"type\": \"ui.blocked\", \"at\": \"").append(at.plusSeconds(i * 20L)).append("\"}");
            events.append(", {\"id\": \"ui-s-").append(run).append('-').append(i).append("\", \"type\": \"session.")
                    .append(i % 2 == 0 ? "start" : "end").append("\", \"sessionId\": \"ui-session-").append(run).append(i / 2)
                    .append("\", \"at\": \"").append(at).append('"').append(i % 2 == 0 ? "" : ", \"status\": \"ok\"").append('}');
            events.append(", {\"id\": \"ui-l-").append(run).append('-').append(i).append("\", \"type\": \"sync.lag_ms\",")
                    .append(" \"value\": ").append(1000 * (i + 1)).append(", \"at\": \"").append(at).append("\"}");
        }
        Reply sent = http.postJson("api/v1/telemetry", personas.alpha().auth(), "{\"appVersion\": \"8.0.0\", \"events\": ["
                + events + "]}");
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        assertThat(http.send("PUT", "api/v1/admin/rollback-triggers/ui-" + run, personas.admin(), "application/json",
                java.net.http.HttpRequest.BodyPublishers.ofString("{\"app\": \"" + personas.alpha().id() + "\", \"expression\":"
                        + " \"increase(\\\"ui.blocked\\\", \\\"15m\\\") >= 5\", \"description\": \"the UI's blocks\","
                        + " \"runbook\": \"queue-non-recovery.md\", \"severity\": \"warning\"}")).status()).isEqualTo(201);
        assertThat(http.post("api/v1/admin/jobs/rollback-triggers/runs", personas.admin()).json().getBoolean("succeeded")).isTrue();
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    /** Opens a page and checks what every page owes: no console error or failed request, no axe violation. */
    private void visit(String page, String shot) {
        browser.open(page);
        assertThat(browser.consoleErrors()).as(page + ": console errors and failed requests").isEmpty();
        assertThat(browser.driver().findElements(By.cssSelector(".problem"))).as(page + ": a problem shown").isEmpty();
        assertThat(browser.accessibilityViolations()).as(page + ": accessibility").isEmpty();
        browser.screenshot(shot);
    }

    private List<String> navigation() {
        return browser.driver().findElements(By.cssSelector("header.nav nav a")).stream().map(WebElement::getText).toList();
    }

    @Test
    void anAdminSeesEveryPage() {
        browser.signIn("admin", Personas.ADMIN_PASSWORD);
        assertThat(browser.driver().getCurrentUrl()).endsWith("/admin/");
        assertThat(navigation()).containsExactly("Overview", "Issues", "Uploads", "Telemetry", "Releases", "Alerts", "Silences", "Routes", "Channels",
                "Notifications", "Checks", "SLOs", "Jobs", "Queue", "Webhooks", "Rate limits", "Apps and keys", "Users");
        visit("", "admin-overview");
        assertThat(browser.driver().findElement(By.id("ready")).getText()).contains("Readiness", "database");
        String alpha = personas.alpha().id();
        for (String page : List.of("issues.html", "issue.html?id=" + groupId, "report.html?id=" + reportId,
                "uploads.html", "telemetry.html?app=" + alpha + "&signal=ui.blocked&hours=1", "releases.html?app=" + alpha,
                "alerts.html", "silences.html", "routes.html", "channels.html", "notifications.html", "checks.html",
                "slos.html?slo=vigil-api-availability", "jobs.html?job=slo-evaluate", "queue.html", "webhooks.html",
                "limits.html", "apps.html", "users.html")) {
            visit(page, "admin-" + page.replaceAll("\\.html.*", ""));
        }
    }

    @Test
    void aMemberSeesTheMemberPagesOnly() {
        browser.signIn("bob", "bobs-long-password");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/admin/issues.html");
        assertThat(navigation()).containsExactly("Issues", "Uploads", "Telemetry", "Releases");
        visit("issues.html", "member-issues");
        visit("issue.html?id=" + groupId, "member-issue");
        visit("report.html?id=" + reportId, "member-report");
        visit("uploads.html", "member-uploads");
        visit("telemetry.html?app=" + personas.alpha().id() + "&signal=ui.blocked&hours=1", "member-telemetry");
        visit("releases.html?app=" + personas.alpha().id(), "member-releases");
        assertThat(browser.driver().findElements(By.id("triggers"))).as("the trigger list is ops data").isEmpty();
        browser.open("apps.html");
        assertThat(browser.driver().getTitle()).startsWith("Not available");
        assertThat(browser.driver().findElement(By.tagName("main")).getText()).contains("only admins");
        browser.consoleErrors(); // the 403 page's own load is logged; drained here
    }

    @Test
    void aMemberTriagesAGroupAndComments() {
        browser.signIn("bob", "bobs-long-password");
        browser.open("issues.html?q=" + run);
        browser.find(By.linkText("Upload stuck " + run)).click();
        browser.settle();
        assertThat(browser.driver().getCurrentUrl()).contains("issue.html?id=" + groupId);
        new org.openqa.selenium.support.ui.Select(browser.driver().findElement(By.name("status"))).selectByValue("triaged");
        WebElement assignee = browser.driver().findElement(By.name("assignee"));
        assignee.clear();
        assignee.sendKeys("bob");
        browser.driver().findElement(By.cssSelector("form[aria-label=Triage] button")).click();
        browser.awaitText(By.id("triage-status"), "Saved.");
        browser.driver().findElement(By.name("body")).sendKeys("Seen on 2.3.1 only " + run);
        browser.driver().findElement(By.cssSelector("form[aria-label=Comment] button")).click();
        browser.awaitText(By.id("comment-status"), "Comment added.");
        assertThat(browser.consoleErrors()).isEmpty();

        var group = http.get("api/v1/issue-groups/" + groupId, personas.admin()).json();
        assertThat(group.getJsonObject("group").getString("status")).isEqualTo("triaged");
        assertThat(group.getJsonObject("group").getString("assignee")).isEqualTo("bob");
        assertThat(group.getJsonArray("comments").getJsonObject(0).getString("body")).isEqualTo("Seen on 2.3.1 only " + run);
        assertThat(group.getJsonArray("comments").getJsonObject(0).getString("author")).isEqualTo("user:bob");
    }

    @Test
    void anAdminCreatesAnAppRotatesAndRevokesItsKey() {
        browser.signIn("admin", Personas.ADMIN_PASSWORD);
        browser.open("apps.html");
        String name = "ui-app-" + run;
        browser.driver().findElement(By.name("name")).sendKeys(name);
        browser.driver().findElement(By.cssSelector("form[aria-label='Register an app'] button")).click();
        String firstKey = browser.awaitText(By.cssSelector("#status .secret"), "vgl_").getText().trim();
        assertThat(http.get("api/v1/me", Auth.bearer(firstKey)).status()).isEqualTo(200);

        WebElement row = browser.find(By.xpath("//tr[.//strong[text()='" + name + "']]"));
        row.findElement(By.xpath(".//button[text()='Issue new key']")).click();
        browser.awaitText(By.cssSelector("#status"), "New API key of " + name);
        String secondKey = browser.driver().findElement(By.cssSelector("#status .secret")).getText().trim();
        assertThat(secondKey).startsWith("vgl_").isNotEqualTo(firstKey);

        String firstPrefix = firstKey.substring(0, "vgl_".length() + 12);
        browser.confirm(".//strong[text()='" + name + "']", "Revoke " + firstPrefix);
        browser.awaitText(By.cssSelector("#status"), "revoked");
        assertThat(http.get("api/v1/me", Auth.bearer(firstKey)).status()).isEqualTo(401);
        assertThat(http.get("api/v1/me", Auth.bearer(secondKey)).status()).isEqualTo(200);
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void anAdminAcknowledgesAFiringAlert() {
        String name = "UiDiskFull" + run;
        Reply raised = http.postJson("api/v1/alerts", personas.alpha().auth(), "{\"name\": \"" + name + "\","
                + " \"severity\": \"critical\", \"labels\": {\"instance\": \"db-" + run + "\"},"
                + " \"annotations\": {\"summary\": \"disk 97% full\"}}");
        assertThat(raised.status()).as(raised.toString()).isEqualTo(200);
        String alertId = raised.json().getString("id");

        browser.signIn("admin", Personas.ADMIN_PASSWORD);
        visit("alerts.html?state=firing", "admin-alerts-firing");
        browser.find(By.linkText(name)).click();
        browser.settle();
        assertThat(browser.driver().getCurrentUrl()).contains("alert=" + alertId);
        // Silence it by its labels, from the alert...
        browser.driver().findElement(By.cssSelector("form[aria-label=Silence] input[name=comment]")).sendKeys("swap disk " + run);
        browser.driver().findElement(By.cssSelector("form[aria-label=Silence] button")).click();
        browser.awaitText(By.id("status"), "Silenced for 1h.");
        var silence = http.get("api/v1/admin/alerting/silences", personas.admin()).jsonValue().asJsonArray().stream()
                .map(v -> v.asJsonObject()).filter(m -> m.getString("comment", "").equals("swap disk " + run)).findFirst().orElseThrow();
        assertThat(silence.getJsonObject("definition").getJsonArray("matchers").toString())
                .contains("alertname=\\\"" + name + "\\\"").contains("instance=\\\"db-" + run + "\\\"");
        // ...and acknowledge it.
        browser.open("alerts.html?state=firing&alert=" + alertId);
        browser.driver().findElement(By.cssSelector("form[aria-label=Acknowledge] input[name=comment]"))
                .sendKeys("carol is on it " + run);
        browser.driver().findElement(By.cssSelector("form[aria-label=Acknowledge] button")).click();
        browser.awaitText(By.id("status"), "Acknowledged");
        assertThat(browser.consoleErrors()).isEmpty();

        var alert = http.get("api/v1/admin/alerts/" + alertId, personas.admin()).json().getJsonObject("alert");
        assertThat(alert.getString("state")).isEqualTo("acknowledged");
        assertThat(alert.getJsonObject("acknowledgement").getString("comment")).isEqualTo("carol is on it " + run);
        assertThat(alert.getJsonObject("acknowledgement").getString("by")).contains("admin");
    }

    @Test
    void theChecksGridShowsAPingInTheCheckLog() {
        Reply created = http.postJson("api/v1/admin/checks", personas.admin(), "{\"app\": \"" + personas.alpha().id()
                + "\", \"name\": \"ui-backup-" + run + "\", \"timeout\": 3600, \"grace\": 300}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String uuid = created.json().getString("uuid");
        assertThat(http.send("POST", "ping/" + uuid, Auth.NONE, "text/plain",
                java.net.http.HttpRequest.BodyPublishers.ofString("backup ok " + run)).status()).isEqualTo(200);

        browser.signIn("admin", Personas.ADMIN_PASSWORD);
        visit("checks.html", "admin-checks");
        browser.find(By.linkText("ui-backup-" + run)).click();
        browser.awaitText(By.id("log"), "backup ok " + run);
        assertThat(browser.driver().findElement(By.id("log")).getText()).contains("Ping log: ui-backup-" + run);
        browser.screenshot("admin-checks-ping-log");
        browser.find(By.xpath("//tr[.//a[text()='ui-backup-" + run + "']]//button[text()='Pause']")).click();
        browser.awaitText(By.cssSelector(".notice"), "ui-backup-" + run + " paused.");
        assertThat(http.get("api/v1/admin/checks/" + uuid, personas.admin()).json().getString("status")).isEqualTo("paused");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void theSloPageChartsBurnRatesAndBudget() {
        // An evaluation now, so the SLO has a snapshot of this minute to chart (the timer runs at :30).
        assertThat(http.post("api/v1/admin/jobs/slo-evaluate/runs", personas.admin()).status()).isEqualTo(200);
        browser.signIn("admin", Personas.ADMIN_PASSWORD);
        visit("slos.html?slo=vigil-api-availability", "admin-slos");
        assertThat(browser.driver().findElement(By.id("detail")).getText())
                .contains("vigil-api-availability", "Error budget left", "Burn rate per window");
        assertThat(browser.driver().findElements(By.cssSelector("#detail figure.chart .uplot canvas"))).hasSize(2);
    }

    /** Refusals of the login policy, from an address of their own, show in the rate-limit page's chart. */
    @Test
    void theRateLimitPageChartsRefusals() {
        String address = "198.18.10." + (1 + Math.abs(run.hashCode() % 250));
        for (int i = 0; i < 32; i++) {
            http.send("POST", "api/v1/session", Auth.NONE, "application/json", java.net.http.HttpRequest.BodyPublishers
                    .ofString("{\"username\": \"nobody\", \"password\": \"x\"}"), java.util.Map.of("X-Forwarded-For", address));
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofMillis(250))
                .until(() -> http.get("api/v1/admin/limits/events?limit=500", personas.admin()).body().contains("ip:" + address));
        browser.signIn("admin", Personas.ADMIN_PASSWORD);
        visit("limits.html", "admin-limits-refusals");
        assertThat(browser.driver().findElements(By.cssSelector("figure.chart .uplot canvas"))).hasSize(1);
        assertThat(browser.driver().findElement(By.tagName("main")).getText()).contains("ip:" + address);
    }

    @Test
    void anAdminCreatesAMemberWhoThenSignsIn() {
        browser.signIn("admin", Personas.ADMIN_PASSWORD);
        browser.open("users.html");
        String name = "ui-member-" + run;
        browser.driver().findElement(By.name("username")).sendKeys(name);
        browser.driver().findElement(By.name("password")).sendKeys("ui-members-password");
        browser.driver().findElement(By.cssSelector("form[aria-label='Create a user'] button")).click();
        browser.awaitText(By.cssSelector(".notice"), "User " + name + " created as member.");
        browser.awaitText(By.tagName("table"), name);
        assertThat(browser.consoleErrors()).isEmpty();
        browser.signIn(name, "ui-members-password");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/admin/issues.html");
        assertThat(navigation()).containsExactly("Issues", "Uploads", "Telemetry", "Releases");
        assertThat(browser.driver().findElement(By.cssSelector("header.nav .who")).getText()).contains(name, "member");
    }

    @Test
    void anAdminRunsAJobNowAndSeesItsRun() {
        browser.signIn("admin", Personas.ADMIN_PASSWORD);
        browser.open("jobs.html");
        browser.find(By.xpath("//tr[.//a[text()='limits-cleanup']]//button[text()='Run now']")).click();
        browser.awaitText(By.cssSelector(".notice"), "limits-cleanup: succeeded");
        browser.awaitText(By.id("runs"), "Runs of limits-cleanup");
        assertThat(browser.driver().findElement(By.id("runs")).getText()).contains("user:admin");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void anAdminSilencesAndExpiresTheSilence() {
        browser.signIn("admin", Personas.ADMIN_PASSWORD);
        browser.open("silences.html");
        browser.driver().findElement(By.cssSelector("form[aria-label='New silence'] textarea[name=matchers]"))
                .sendKeys("alertname=\"UiSilenced" + run + "\"");
        browser.driver().findElement(By.cssSelector("form[aria-label='New silence'] input[name=comment]"))
                .sendKeys("swap " + run);
        browser.driver().findElement(By.cssSelector("form[aria-label='New silence'] button")).click();
        browser.awaitText(By.id("status"), "Silence created.");
        assertThat(silence(run)).isNotNull();
        browser.confirm(".//code[contains(text(),'UiSilenced" + run + "')]", "Expire");
        browser.awaitText(By.id("status"), "Silence expired.");
        assertThat(silence(run).getString("state")).isEqualTo("expired");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    private jakarta.json.JsonObject silence(String marker) {
        return http.get("api/v1/admin/alerting/silences?expired=true", personas.admin()).jsonValue().asJsonArray().stream()
                .map(v -> v.asJsonObject()).filter(m -> m.getString("comment", "").equals("swap " + marker))
                .findFirst().orElse(null);
    }

    @Test
    void theRouteDryRunShowsWhereAnAlertWouldGo() {
        browser.signIn("admin", Personas.ADMIN_PASSWORD);
        browser.open("routes.html");
        WebElement labels = browser.driver().findElement(By.name("labels"));
        labels.clear();
        labels.sendKeys("alertname=UiDry" + run + "\nseverity=critical");
        browser.driver().findElement(By.cssSelector("form[aria-label='Dry run'] button")).click();
        browser.awaitText(By.id("dry-run"), "It would take");
        var expected = http.postJson("api/v1/admin/alerting/routes/dry-run", personas.admin(),
                "{\"labels\": {\"alertname\": \"UiDry" + run + "\", \"severity\": \"critical\"}}").json();
        String receiver = expected.getJsonArray("matches").getJsonObject(0).getString("receiver");
        assertThat(browser.driver().findElement(By.id("dry-run")).getText()).contains(receiver);
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void aChannelsTestNotificationShowsInTheLog() {
        browser.signIn("admin", Personas.ADMIN_PASSWORD);
        browser.open("channels.html");
        String name = "ui-hook-" + run;
        browser.driver().findElement(By.name("name")).sendKeys(name);
        browser.driver().findElement(By.name("url")).sendKeys(http.base().resolve("/api/v1/ui-test-hook").toString());
        browser.driver().findElement(By.cssSelector("form[aria-label='New webhook channel'] button")).click();
        browser.awaitText(By.id("status"), "Channel " + name + " added.");
        browser.find(By.xpath("//tr[td[text()='" + name + "']]//button[text()='Send test']")).click();
        browser.awaitText(By.id("status"), "Test queued for " + name);
        assertThat(browser.consoleErrors()).isEmpty();

        visit("notifications.html?channel=" + name, "admin-notifications");
        assertThat(browser.driver().findElement(By.tagName("main")).getText()).contains(name + " (webhook)");
        browser.find(By.cssSelector("#page table a")).click();
        browser.awaitText(By.id("detail"), "Notification to " + name);
        // The channel was deleted in the UI, too.
        browser.open("channels.html");
        browser.confirm("td[text()='" + name + "']", "Delete");
        browser.awaitText(By.id("status"), "Channel " + name + " deleted.");
        assertThat(http.get("api/v1/admin/alerting/channels", personas.admin()).body()).doesNotContain(name);
    }

    @Test
    void anAdminRetriesOneDeadJobAndDiscardsAnother() {
        String drill = http.postJson("api/v1/admin/queue/drills", personas.admin(), "{\"jobs\": 2, \"target\": \""
                + http.base().resolve("/api/v1/ui-no-such-hook") + "\"}").json().getString("drill");
        List<String> dead = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .pollInterval(java.time.Duration.ofMillis(200)).until(() -> deadJobs(drill), jobs -> jobs.size() == 2);

        String firstDeath = http.get("api/v1/admin/queue/jobs/" + dead.get(0), personas.admin()).json().getString("deadAt");
        browser.signIn("admin", Personas.ADMIN_PASSWORD);
        visit("queue.html", "admin-queue");
        browser.find(By.xpath("//tr[.//code[text()='" + dead.get(0) + "']]//button[text()='Retry']")).click();
        browser.awaitText(By.id("status"), "Job queued again.");
        browser.confirm(".//code[text()='" + dead.get(1) + "']", "Discard");
        browser.awaitText(By.id("status"), "Job discarded.");
        assertThat(http.get("api/v1/admin/queue/jobs/" + dead.get(1), personas.admin()).status()).isEqualTo(404);
        var retried = http.get("api/v1/admin/queue/jobs/" + dead.get(0), personas.admin());
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.json().getString("createdAt")).isNotNull();
        // Queued again, it ran again: dead once more (the target still answers 404), at a later time.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).pollInterval(java.time.Duration.ofMillis(200))
                .until(() -> http.get("api/v1/admin/queue/jobs/" + dead.get(0), personas.admin()).json(),
                        job -> !job.getString("state").equals("dead") || !job.getString("deadAt").equals(firstDeath));
        assertThat(browser.consoleErrors()).isEmpty();
    }

    private List<String> deadJobs(String drill) {
        return http.get("api/v1/admin/queue/jobs?state=dead&partition=" + drill, personas.admin()).jsonValue().asJsonArray()
                .stream().map(v -> v.asJsonObject().getString("id")).toList();
    }

    @Test
    void anAdminRegistersAWebhookSourceAndSeesItsDeliveries() {
        browser.signIn("admin", Personas.ADMIN_PASSWORD);
        browser.open("webhooks.html");
        String name = "ui-ci-" + run;
        browser.driver().findElement(By.cssSelector("form[aria-label='Register a webhook source'] input[name=name]")).sendKeys(name);
        browser.driver().findElement(By.cssSelector("form[aria-label='Register a webhook source'] input[name=secret]"))
                .sendKeys("a-long-webhook-secret-" + run);
        browser.driver().findElement(By.cssSelector("form[aria-label='Register a webhook source'] button")).click();
        browser.awaitText(By.id("status"), "Source " + name + " registered");
        assertThat(http.get("api/v1/admin/webhook-sources", personas.admin()).body()).contains(name)
                .doesNotContain("a-long-webhook-secret-" + run);
        browser.find(By.linkText(name)).click();
        browser.awaitText(By.id("deliveries"), "Deliveries of " + name);
        assertThat(browser.driver().findElement(By.id("deliveries")).getText()).contains("No delivery yet.");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void aMemberSeesFailedUploadsAndTodaysExport() {
        browser.signIn("bob", "bobs-long-password");
        visit("uploads.html?kind=ui-" + run, "member-uploads-kind");
        String failed = browser.driver().findElement(By.id("failed")).getText();
        assertThat(failed).contains("ui-" + run, "invalid_request", "runId");
        assertThat(browser.driver().findElement(By.id("stored")).getText()).contains("ui-" + run);
        String export = browser.find(By.partialLinkText("as NDJSON")).getAttribute("href");
        assertThat(export).contains("/api/v1/failed-uploads/export?date=").contains("kind=ui-" + run);
    }

    @Test
    void anAdminRegistersAnUploadKind() {
        browser.signIn("admin", Personas.ADMIN_PASSWORD);
        browser.open("uploads.html");
        String kind = "ui-kind-" + run;
        browser.driver().findElement(By.cssSelector("form[aria-label='Register an upload kind'] input[name=name]")).sendKeys(kind);
        browser.driver().findElement(By.cssSelector("form[aria-label='Register an upload kind'] button")).click();
        browser.awaitText(By.id("status"), "Kind " + kind + " registered");
        assertThat(http.get("api/v1/admin/upload-kinds/" + kind, personas.admin()).json().getInt("maxBytes")).isEqualTo(65536);
        assertThat(browser.driver().findElement(By.id("kinds")).getText()).contains(kind);
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void theTelemetryPageChartsASignalPerVersion() {
        browser.signIn("bob", "bobs-long-password");
        visit("telemetry.html?app=" + personas.alpha().id() + "&signal=ui.blocked&hours=1", "member-telemetry-chart");
        assertThat(browser.driver().findElements(By.cssSelector("#series figure.chart .uplot canvas"))).hasSize(1);
        assertThat(browser.driver().findElement(By.id("series")).getText()).contains("version 8.0.0");
        assertThat(browser.driver().findElement(By.id("aliases-list")).getText()).contains("queue_overflow_events");
    }

    @Test
    void theReleaseViewShowsAFiringTriggerWithItsRunbook() {
        browser.signIn("bob", "bobs-long-password");
        visit("releases.html?app=" + personas.alpha().id(), "member-release-trigger");
        String view = browser.driver().findElement(By.id("releases")).getText();
        assertThat(view).contains("8.0.0", "ui-" + run, "firing", "100.00 %");
        assertThat(browser.find(By.linkText("runbook of ui-" + run)).getAttribute("href")).endsWith("queue-non-recovery.md");
    }

    @Test
    void aWrongPasswordShowsTheProblemOnTheLoginPage() {
        browser.driver().manage().deleteAllCookies();
        browser.open("login.html");
        assertThat(browser.accessibilityViolations()).isEmpty();
        browser.driver().findElement(By.name("username")).sendKeys("admin");
        browser.driver().findElement(By.name("password")).sendKeys("not-the-password");
        browser.driver().findElement(By.cssSelector("form#login button")).click();
        browser.awaitText(By.id("status"), "The username or password is not valid");
        assertThat(browser.driver().findElement(By.id("status")).getText()).contains("unauthorized");
        browser.screenshot("login-refused");
        browser.consoleErrors(); // the refused login's 401 is logged by the browser; drained here
    }
}
