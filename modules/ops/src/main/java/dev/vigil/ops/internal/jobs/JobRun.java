package dev.vigil.ops.internal.jobs;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One run of a periodic job ({@code ops_job_run}): ops data, read and written only through
 * {@link JobHistory}. Times are epoch milliseconds, as the table has always stored them.
 */
@Entity
@Table(name = "ops_job_run")
public class JobRun {

    @Id
    @Column(name = "run_id", length = 36)
    private String runId;

    @Column(nullable = false, length = 100)
    private String job;

    @Column(name = "run_trigger", nullable = false, length = 120)
    private String trigger;

    @Column(name = "server_name", nullable = false, length = 200)
    private String server;

    @Column(name = "started_at", nullable = false)
    private long startedAt;

    @Column(name = "ended_at")
    private Long endedAt;

    @Column(nullable = false, length = 16)
    private String outcome;

    @Column(length = 1000)
    private String summary;

    @Column(length = 2000)
    private String error;

    protected JobRun() {
    }

    JobRun(String runId, String job, String trigger, String server, long startedAt) {
        this.runId = runId;
        this.job = job;
        this.trigger = trigger;
        this.server = server;
        this.startedAt = startedAt;
        this.outcome = JobRunLog.RUNNING;
    }

    void end(long endedAt, String outcome, String summary, String error) {
        this.endedAt = endedAt;
        this.outcome = outcome;
        this.summary = summary;
        this.error = error;
    }

    JobHistory.Run view() {
        return new JobHistory.Run(runId, job, trigger, server, Instant.ofEpochMilli(startedAt),
                endedAt == null ? null : Instant.ofEpochMilli(endedAt), outcome, summary, error);
    }
}
