package dev.vigil.web.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vigil.ingest.internal.uploads.UploadKindData;
import dev.vigil.intake.internal.webhooks.SignatureScheme;
import dev.vigil.intake.internal.webhooks.WebhookData;
import dev.vigil.intake.internal.webhooks.WebhookReceiver;
import dev.vigil.kernel.api.Ids;
import dev.vigil.kernel.api.JobRuns;
import dev.vigil.kernel.api.TrackedJob;
import dev.vigil.limits.internal.data.LimitsData;
import dev.vigil.ops.internal.checks.CheckBook;
import dev.vigil.ops.internal.checks.CheckRules;
import dev.vigil.ops.internal.jobs.JobHistory;
import dev.vigil.ops.internal.slo.SloLedger;
import dev.vigil.resilience.internal.data.QueueData;
import dev.vigil.alerting.internal.data.AlertingData;
import dev.vigil.testing.Deployments;
import dev.vigil.testing.callers.AsAdmin;
import dev.vigil.testing.callers.AsApp;
import dev.vigil.testing.callers.AsMember;
import dev.vigil.testing.callers.AsSystem;
import dev.vigil.testing.callers.Attempt;
import dev.vigil.web.audit.AuditReader;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The second layer of access to ops data: every guarded data bean's read, called with no caller, as
 * an app, as a member, as the system identity and as an admin. Only the admin passes, and each
 * refusal is the container's own ({@code EJBAccessException}, Liberty's {@code CWWKS9400A}), thrown
 * before the bean's code runs. Writers and retention work pass only as the system identity.
 */
@ExtendWith(ArquillianExtension.class)
class GuardedBeansIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.vigil(GuardedBeansIT.class);
    }

    @Inject
    AsAdmin admin;

    @Inject
    AsMember member;

    @Inject
    AsApp app;

    @Inject
    AsSystem system;

    @Inject
    JobHistory jobs;

    @Inject
    CheckBook checks;

    @Inject
    SloLedger slos;

    @Inject
    LimitsData limits;

    @Inject
    WebhookData webhooks;

    @Inject
    UploadKindData uploadKinds;

    @Inject
    AuditReader audit;

    @Inject
    QueueData queue;

    @Inject
    AlertingData alerting;

    @Inject
    WebhookReceiver receiver;

    @Inject
    JobRuns runs;

    /** Every admin view of ops data, by bean and method. */
    private Map<String, Callable<?>> adminReads() {
        Map<String, Callable<?>> reads = new LinkedHashMap<>();
        reads.put("JobHistory.recent", () -> jobs.recent("limits-cleanup", 5));
        reads.put("JobHistory.health", () -> jobs.health("limits-cleanup", Duration.ofMinutes(1), Instant.now()));
        reads.put("LimitsData.summary", () -> limits.summary(0));
        reads.put("LimitsData.events", () -> limits.events(5));
        reads.put("LimitsData.idempotency", () -> limits.idempotency(System.currentTimeMillis()));
        reads.put("WebhookData.deliveries", () -> webhooks.deliveries("no-such-source", 5));
        reads.put("AuditReader.page", () -> audit.page(5, null));
        reads.put("UploadKindData.all", () -> uploadKinds.all());
        reads.put("UploadKindData.delete", () -> uploadKinds.delete("no-such-kind"));
        reads.put("QueueData.counts", () -> queue.counts());
        reads.put("QueueData.jobs", () -> queue.jobs("dead", null, null, 5));
        reads.put("QueueData.dependencyStates", () -> queue.dependencyStates());
        reads.put("QueueData.drill", () -> queue.drill("00000000-0000-0000-0000-000000000000"));
        reads.put("AlertingData.alerts", () -> alerting.alerts(new AlertingData.AlertFilter(null, null, null, null, null), 5));
        reads.put("AlertingData.alert", () -> alerting.alert("00000000-0000-0000-0000-000000000000"));
        reads.put("AlertingData.groups", () -> alerting.groups(5));
        reads.put("AlertingData.channels", () -> alerting.channels());
        reads.put("AlertingData.channel", () -> alerting.channel("00000000-0000-0000-0000-000000000000"));
        reads.put("AlertingData.deliverable", () -> alerting.deliverable("00000000-0000-0000-0000-000000000000"));
        reads.put("AlertingData.notifications", () -> alerting.notifications(
                new AlertingData.NotificationFilter(null, null, null), 5));
        reads.put("AlertingData.notification", () -> alerting.notification("00000000-0000-0000-0000-000000000000"));
        reads.put("AlertingData.mutes", () -> alerting.mutes("silence", 0, 5));
        reads.put("AlertingData.mute", () -> alerting.mute("window", "00000000-0000-0000-0000-000000000000"));
        reads.put("AlertingData.countMutes", () -> alerting.countMutes("inhibition", 0));
        reads.put("AlertingData.expireSilence", () -> alerting.expireSilence("00000000-0000-0000-0000-000000000000", 0));
        reads.put("AlertingData.deleteChannel", () -> alerting.deleteChannel("00000000-0000-0000-0000-000000000000"));
        return reads;
    }

    @Test
    void onlyAnAdminReadsOpsData() {
        adminReads().forEach((name, read) -> {
            assertRefusedByTheContainer(name + " with no caller", callWithNoCaller(read));
            assertRefusedByTheContainer(name + " as an app", app.call(read));
            assertRefusedByTheContainer(name + " as a member", member.call(read));
            assertRefusedByTheContainer(name + " as the system", system.call(read));
            Attempt<?> asAdmin = admin.call(read);
            assertTrue(asAdmin.succeeded(), () -> name + " as an admin failed: " + asAdmin.failure());
            assertNotNull(asAdmin.value(), name);
        });
    }

    @Test
    void webhookSourcesAreReadByAdminsAndByTheSystemCheckingASignatureOnly() {
        Map<String, Callable<?>> reads = Map.of(
                "WebhookData.sources", () -> webhooks.sources(),
                "WebhookData.source", () -> webhooks.source("no-such-source"));
        reads.forEach((name, read) -> {
            assertRefusedByTheContainer(name + " with no caller", callWithNoCaller(read));
            assertRefusedByTheContainer(name + " as an app", app.call(read));
            assertRefusedByTheContainer(name + " as a member", member.call(read));
            assertTrue(admin.call(read).succeeded(), name + " as an admin");
            assertTrue(system.call(read).succeeded(), name + " as the system");
        });
        Callable<Object> store = () -> webhooks.insertDelivery(Ids.newId(), "no-such-source", "d", Ids.newId(),
                Instant.now(), "application/json", "{}");
        assertRefusedByTheContainer("WebhookData.insertDelivery with no caller", callWithNoCaller(store));
        assertRefusedByTheContainer("WebhookData.insertDelivery as an admin", admin.call(store));
        assertRefusedByTheContainer("WebhookData.insertDelivery as an app", app.call(store));
        Callable<Object> reseal = () -> webhooks.resealSecret("no-such-id", "a", "b");
        assertRefusedByTheContainer("WebhookData.resealSecret as an admin", admin.call(reseal));
        assertEquals(Boolean.FALSE, system.call(reseal).value());
        Callable<Object> rotate = () -> webhooks.replaceSecret("no-such-source", "sealed");
        assertRefusedByTheContainer("WebhookData.replaceSecret as the system", system.call(rotate));
        assertRefusedByTheContainer("WebhookData.replaceSecret as a member", member.call(rotate));
    }

    @Test
    void anUploadKindIsReadByAdminsAndByTheAppUploadingToIt() {
        Callable<Object> find = () -> uploadKinds.find("no-such-kind");
        assertRefusedByTheContainer("UploadKindData.find with no caller", callWithNoCaller(find));
        assertRefusedByTheContainer("UploadKindData.find as a member", member.call(find));
        assertRefusedByTheContainer("UploadKindData.find as the system", system.call(find));
        assertTrue(admin.call(find).succeeded(), "UploadKindData.find as an admin");
        assertTrue(app.call(find).succeeded(), "UploadKindData.find as an app");
    }

    @Test
    void anAdminRegistersAndRotatesASourceAndASendersRequestOnlyLearnsTheVerdict() {
        String name = "guarded-" + Ids.newId().substring(0, 8).toLowerCase();
        // The column holds whatever was sealed; these tests never open it.
        var source = new WebhookData.Source(Ids.newId(), name, SignatureScheme.parse("vigil").orElseThrow(),
                "sealed-" + Ids.newId(), Instant.now(), "user:test");
        Callable<Object> register = () -> {
            webhooks.insertSource(source);
            return "registered";
        };
        assertRefusedByTheContainer("WebhookData.insertSource as a member", member.call(register));
        assertRefusedByTheContainer("WebhookData.insertSource as the system", system.call(register));
        assertTrue(admin.call(register).succeeded());
        assertEquals(Boolean.TRUE, admin.call(() -> webhooks.replaceSecret(name, "sealed-" + Ids.newId())).value());

        // The sender's door needs no role, and what comes back holds no secret: a verdict, names and ids.
        long now = Instant.now().getEpochSecond();
        WebhookReceiver.Verdict tooLarge = receiver.check(name, Map.of(), new byte[2048], now, 1024);
        assertEquals(WebhookReceiver.Outcome.TOO_LARGE, tooLarge.outcome());
        assertEquals(new WebhookReceiver.Known(source.id(), name, source.scheme()), tooLarge.source().orElseThrow());
        assertEquals(WebhookReceiver.Outcome.UNKNOWN, receiver.check("no-such-source", Map.of(), new byte[0], now,
                1024).outcome());
        assertEquals(source.id(), receiver.sourceIds().get(name));

        // Only a delivery the receiver found genuine is stored.
        var forged = new WebhookReceiver.Verdict(WebhookReceiver.Outcome.BAD_SIGNATURE, tooLarge.source(), "forged",
                null);
        Attempt<?> stored = callWithNoCaller(() -> receiver.store(forged, Ids.newId(), "d", Ids.newId(),
                Instant.now(), "application/json", "{}"));
        assertFalse(stored.succeeded(), "a delivery whose signature failed was stored");
    }

    @Test
    void onlyAnAdminOrTheSystemStartsAJobRun() {
        TrackedJob noop = new TrackedJob() {
            @Override
            public String name() {
                return "guarded-noop";
            }

            @Override
            public Schedule schedule() {
                return Schedule.everyMinute();
            }

            @Override
            public String run() {
                return "nothing";
            }
        };
        Callable<Object> run = () -> runs.run(noop, "test");
        assertRefusedByTheContainer("JobRuns.run with no caller", callWithNoCaller(run));
        assertRefusedByTheContainer("JobRuns.run as an app", app.call(run));
        assertRefusedByTheContainer("JobRuns.run as a member", member.call(run));
        Attempt<?> asAdmin = admin.call(run);
        assertTrue(asAdmin.succeeded() && ((JobRuns.Outcome) asAdmin.value()).succeeded(), () -> "" + asAdmin);
    }

    @Test
    void onlyTheSystemRecordsJobRunsAndAnAdminReadsThemBack() {
        String job = "guarded-" + Ids.newId();
        String runId = Ids.newId();
        long now = System.currentTimeMillis();
        Callable<Object> start = () -> {
            jobs.started(runId, job, "test", "vigil@test", now);
            return "started";
        };
        assertRefusedByTheContainer("JobHistory.started with no caller", callWithNoCaller(start));
        assertRefusedByTheContainer("JobHistory.started as an app", app.call(start));
        assertRefusedByTheContainer("JobHistory.started as a member", member.call(start));
        assertRefusedByTheContainer("JobHistory.started as an admin", admin.call(start));
        assertTrue(system.call(start).succeeded());
        assertEquals(Boolean.TRUE, system.call(() -> jobs.ended(runId, now + 5, "succeeded", "done", null)).value());


        Attempt<List<JobHistory.Run>> read = admin.call(() -> jobs.recent(job, 10));
        assertTrue(read.succeeded(), () -> String.valueOf(read.failure()));
        assertEquals(1, read.value().size());
        JobHistory.Run run = read.value().get(0);
        assertEquals(runId, run.runId());
        assertEquals("succeeded", run.outcome());
        assertEquals(Instant.ofEpochMilli(now + 5), run.endedAt());
    }

    @Test
    void retentionAndTheEventFlushAreTheSystemsWork() {
        long far = 0; // removes nothing that any other test may still want
        Callable<Object> purgeJobs = () -> jobs.deleteStartedBefore(far);
        Callable<Object> purgeLimits = () -> limits.purgeQuotaWindows(far) + limits.purgeIdempotencyKeys(far)
                + limits.purgeEvents(far);
        Callable<Object> flush = () -> limits.addEvents(List.of());
        for (var work : Map.of("JobHistory.deleteStartedBefore", purgeJobs, "LimitsData.purge*", purgeLimits,
                "LimitsData.addEvents", flush).entrySet()) {
            assertRefusedByTheContainer(work.getKey() + " with no caller", callWithNoCaller(work.getValue()));
            assertRefusedByTheContainer(work.getKey() + " as an admin", admin.call(work.getValue()));
            assertRefusedByTheContainer(work.getKey() + " as a member", member.call(work.getValue()));
            assertRefusedByTheContainer(work.getKey() + " as an app", app.call(work.getValue()));
            Attempt<?> asSystem = system.call(work.getValue());
            assertTrue(asSystem.succeeded(), () -> work.getKey() + " as the system: " + asSystem.failure());
        }
    }

    @Test
    void theSystemsEventFlushIsWhatAnAdminThenReads() {
        String key = "guarded-" + Ids.newId();
        long window = System.currentTimeMillis() / 5_000 * 5_000;
        var count = new LimitsData.EventCount("ping", key, "blocked", window, 7);
        Attempt<LimitsData.Written> written = system.call(() -> limits.addEvents(List.of(count, count)));
        assertTrue(written.succeeded(), () -> String.valueOf(written.failure()));
        assertEquals(2, written.value().count());

        Attempt<List<LimitsData.EventView>> events = admin.call(() -> limits.events(500));
        assertTrue(events.succeeded());
        LimitsData.EventView stored = events.value().stream().filter(e -> e.key().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("the flushed event is not among the newest"));
        assertEquals(14, stored.occurrences());
        assertFalse(admin.call(() -> limits.summary(window)).value().isEmpty());

        // Another flush adds to the same row with plain JDBC; the admin's next read sees it (no stale cache).
        assertEquals(1, system.call(() -> limits.addEvents(List.of(count))).value().count());
        assertEquals(21, admin.call(() -> limits.events(500)).value().stream().filter(e -> e.key().equals(key))
                .findFirst().orElseThrow().occurrences());
    }

    @Test
    void checksAreAnAdminsOrTheirAppsAndTheWatchIsTheSystems() {
        Map<String, Callable<?>> managed = new LinkedHashMap<>();
        managed.put("CheckBook.list", () -> checks.list());
        managed.put("CheckBook.get", () -> checks.get("00000000-0000-0000-0000-000000000000"));
        managed.put("CheckBook.pings", () -> checks.pings("00000000-0000-0000-0000-000000000000"));
        for (var read : managed.entrySet()) {
            assertRefusedByTheContainer(read.getKey() + " with no caller", callWithNoCaller(read.getValue()));
            assertRefusedByTheContainer(read.getKey() + " as a member", member.call(read.getValue()));
        }
        assertTrue(admin.call(() -> checks.list()).succeeded());
        // The app role without an app behind it (a run-as identity) sees no check either.
        assertFalse(app.call(() -> checks.list()).succeeded());
        Callable<?> key = () -> checks.newPingKey("guarded-app");
        assertRefusedByTheContainer("CheckBook.newPingKey as an app", app.call(key));
        assertRefusedByTheContainer("CheckBook.newPingKey as a member", member.call(key));

        Map<String, Callable<?>> systemWork = new LinkedHashMap<>();
        systemWork.put("CheckBook.due", () -> checks.due(1));
        systemWork.put("CheckBook.settle", () -> checks.settle("00000000-0000-0000-0000-000000000000"));
        systemWork.put("CheckBook.undelivered", () -> checks.undelivered(Duration.ofMinutes(1), 1));
        systemWork.put("CheckBook.jobRun", () -> checks.jobRun("no-such-job", CheckRules.Action.SUCCESS, "r", "s"));
        systemWork.put("CheckBook.ensureJob", () -> {
            checks.ensureJob("guarded-job", Duration.ofMinutes(1), 3);
            return null;
        });
        systemWork.put("CheckBook.purge", () -> checks.purge(Instant.EPOCH));
        // Minute 0 is long taken, so the cycle claims nothing and evaluates nothing.
        systemWork.put("SloLedger.cycle", () -> slos.cycle(0));
        systemWork.put("SloLedger.preview", () -> slos.preview(System.currentTimeMillis() / 60_000));
        systemWork.put("SloLedger.alerted", () -> slos.alerted("00000000-0000-0000-0000-000000000000", List.of()));
        systemWork.put("SloLedger.purge", () -> slos.purge(0, 0));
        for (var work : systemWork.entrySet()) {
            assertRefusedByTheContainer(work.getKey() + " with no caller", callWithNoCaller(work.getValue()));
            assertRefusedByTheContainer(work.getKey() + " as an app", app.call(work.getValue()));
            assertRefusedByTheContainer(work.getKey() + " as a member", member.call(work.getValue()));
            assertRefusedByTheContainer(work.getKey() + " as an admin", admin.call(work.getValue()));
            Attempt<?> asSystem = system.call(work.getValue());
            assertTrue(asSystem.succeeded(), () -> work.getKey() + " as the system: " + asSystem.failure());
        }
    }

    private static Attempt<?> callWithNoCaller(Callable<?> read) {
        try {
            return new Attempt<>(read.call(), null);
        } catch (Exception e) {
            return new Attempt<>(null, e);
        }
    }

    private static void assertRefusedByTheContainer(String what, Attempt<?> attempt) {
        if (attempt.succeeded()) {
            fail(what + " was allowed");
        }
        Exception failure = attempt.failure();
        assertEquals("jakarta.ejb.EJBAccessException", failure.getClass().getName(), () -> what + ": " + failure);
        assertTrue(String.valueOf(failure.getMessage()).contains("CWWKS9400A"), () -> what + ": " + failure);
    }
}
