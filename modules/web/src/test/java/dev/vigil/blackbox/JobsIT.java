package dev.vigil.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.testing.BlackBox;
import dev.vigil.testing.Http;
import dev.vigil.testing.Http.Auth;
import dev.vigil.testing.Http.Reply;
import dev.vigil.testing.Personas;
import jakarta.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Periodic jobs run on persistent EJB timers, every run recorded, readable and startable by admins only. */
@ExtendWith(BlackBox.class)
class JobsIT {

    private final Http http = BlackBox.http();
    private final Personas personas = BlackBox.personas();

    @Test
    void theLimitsCleanupTimerFiresAndItsRunsAreRecorded() {
        // The timer fires every minute; the first expiration may be up to a minute after start-up.
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            Reply runs = http.get("api/v1/admin/jobs/limits-cleanup/runs?limit=50", personas.admin());
            assertThat(runs.status()).isEqualTo(200);
            assertThat(runs.jsonValue().asJsonArray().stream().map(v -> v.asJsonObject())
                    .filter(run -> run.getString("trigger").equals("timer")))
                    .anySatisfy(run -> {
                        assertThat(run.getString("outcome")).isEqualTo("succeeded");
                        assertThat(run.getString("summary")).startsWith("expired quota windows ");
                        assertThat(run.getString("endedAt")).isNotBlank();
                    });
        });
        JsonObject health = http.get("api/v1/admin/jobs", personas.admin()).jsonValue().asJsonArray().stream()
                .map(v -> v.asJsonObject()).filter(job -> job.getString("job").equals("limits-cleanup"))
                .findFirst().orElseThrow();
        assertThat(health.getBoolean("missed")).isFalse();
        assertThat(health.getInt("consecutiveFailures")).isZero();
        assertThat(health.getInt("everySeconds")).isEqualTo(60);
        assertThat(http.get("metrics", Auth.NONE).body())
                .containsPattern("vigil_job_runs_total\\{[^}]*job=\"limits-cleanup\"[^}]*outcome=\"succeeded\"");
    }

    @Test
    void anAdminStartsARunAndSeesItRecordedUnderTheirName() {
        Reply run = http.post("api/v1/admin/jobs/ops-cleanup/runs", personas.admin());
        assertThat(run.status()).isEqualTo(200);
        assertThat(run.json().getBoolean("succeeded")).isTrue();
        assertThat(run.json().getString("summary")).startsWith("job runs removed: ");
        String runId = run.json().getString("runId");

        Reply runs = http.get("api/v1/admin/jobs/ops-cleanup/runs", personas.admin());
        JsonObject recorded = runs.jsonValue().asJsonArray().stream().map(v -> v.asJsonObject())
                .filter(r -> r.getString("runId").equals(runId)).findFirst().orElseThrow();
        assertThat(recorded.getString("trigger")).isEqualTo("user:admin");
        assertThat(recorded.getString("outcome")).isEqualTo("succeeded");
        assertThat(recorded.getString("server")).isNotBlank();
    }

    @Test
    void jobsAreOpsDataAndUnknownJobsAreNotFound() {
        assertThat(http.get("api/v1/admin/jobs", personas.member()).status()).isEqualTo(403);
        assertThat(http.post("api/v1/admin/jobs/limits-cleanup/runs", personas.member()).status()).isEqualTo(403);
        assertThat(http.post("api/v1/admin/jobs/limits-cleanup/runs", personas.alpha().auth()).status()).isEqualTo(403);
        Reply unknown = http.post("api/v1/admin/jobs/no-such-job/runs", personas.admin());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("not_found");
    }
}
