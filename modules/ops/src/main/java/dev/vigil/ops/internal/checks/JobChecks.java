package dev.vigil.ops.internal.checks;

import dev.vigil.kernel.api.Roles;
import dev.vigil.kernel.api.SchemaReady;
import dev.vigil.kernel.api.TrackedJob;
import jakarta.annotation.security.RunAs;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Vigil's own periodic jobs as checks: each {@link TrackedJob} has a check (slug {@code vigil-<job>},
 * a period of its schedule and as much grace, down after {@code vigil.ops.jobs.alert-after-failures}
 * failed runs in a row, 3 by default), made when the schema is ready and fed by the job's runs, so a
 * job of Vigil failing or missing runs pages like any cron job.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@RunAs(Roles.SYSTEM)
public class JobChecks {

    private static final Logger LOG = Logger.getLogger(JobChecks.class.getName());

    @Inject
    Instance<TrackedJob> jobs;

    @Inject
    CheckBook book;

    @Inject
    CheckAlerts alerts;

    @Inject
    @ConfigProperty(name = "vigil.ops.jobs.alert-after-failures", defaultValue = "3")
    int alertAfterFailures;

    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void onSchemaReady(@Observes SchemaReady ready) {
        for (TrackedJob job : jobs) {
            try {
                book.ensureJob(job.name(), job.schedule().every(), Math.max(1, alertAfterFailures));
            } catch (RuntimeException e) {
                LOG.warning(() -> "Check of job " + job.name() + " not made (made again at the next start): " + e);
            }
        }
    }

    /** Feeds a run's start or end to its job's check; a job without one (not a bean) is skipped. Never throws. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void run(String job, CheckRules.Action action, String runId, String server) {
        try {
            book.jobRun(job, action, runId, server).ifPresent(alerts::deliver);
        } catch (RuntimeException e) {
            LOG.warning(() -> "Run " + runId + " of job " + job + " not fed to its check: " + e);
        }
    }
}
