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
        browser = Browser.start(http.base());
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
        assertThat(navigation()).contains("Overview", "Issues", "Alerts", "Checks", "SLOs", "Jobs", "Rate limits",
                "Apps and keys", "Users");
        visit("", "admin-overview");
        assertThat(browser.driver().findElement(By.id("ready")).getText()).contains("Readiness", "database");
        for (String page : List.of("issues.html", "issue.html?id=" + groupId, "report.html?id=" + reportId,
                "alerts.html", "checks.html", "slos.html?slo=vigil-api-availability", "jobs.html?job=slo-evaluate",
                "limits.html", "apps.html", "users.html")) {
            visit(page, "admin-" + page.replaceAll("\\.html.*", ""));
        }
    }

    @Test
    void aMemberSeesTheMemberPagesOnly() {
        browser.signIn("bob", "bobs-long-password");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/admin/issues.html");
        assertThat(navigation()).containsExactly("Issues");
        visit("issues.html", "member-issues");
        visit("issue.html?id=" + groupId, "member-issue");
        visit("report.html?id=" + reportId, "member-report");
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
        By revoke = By.xpath("//tr[.//strong[text()='" + name + "']]//button[text()='Revoke " + firstPrefix + "']");
        browser.find(revoke).click();
        browser.find(By.xpath("//tr[.//strong[text()='" + name + "']]//button[starts-with(text(),'Confirm')]")).click();
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
    }

    @Test
    void theSloPageChartsBurnRatesAndBudget() {
        browser.signIn("admin", Personas.ADMIN_PASSWORD);
        visit("slos.html?slo=vigil-api-availability", "admin-slos");
        assertThat(browser.driver().findElement(By.id("detail")).getText())
                .contains("vigil-api-availability", "Error budget left", "Burn rate per window");
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
