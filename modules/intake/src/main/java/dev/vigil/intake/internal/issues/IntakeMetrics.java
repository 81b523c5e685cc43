package dev.vigil.intake.internal.issues;

import dev.vigil.intake.events.IssueReported;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/** Counts stored reports and redactions once their transaction has committed. */
@ApplicationScoped
public class IntakeMetrics {

    private static final Metadata ISSUE_REPORTS = Metadata.builder().withName("vigil_issue_reports")
            .withDescription("Issue reports stored, per app").build();
    private static final Metadata ISSUE_REDACTIONS = Metadata.builder().withName("vigil_issue_redactions")
            .withDescription("Secret values redacted from issue reports before storage").build();

    @Inject
    MetricRegistry metrics;

    void reported(@Observes(during = TransactionPhase.AFTER_SUCCESS) IssueReported report) {
        metrics.counter(ISSUE_REPORTS, new Tag("app", report.appId())).inc();
        if (report.redactions() > 0) {
            metrics.counter(ISSUE_REDACTIONS).inc(report.redactions());
        }
    }
}
