package dev.vigil.intake.internal.issues;

import dev.vigil.intake.events.IssueReported;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/** Counts stored reports and redactions once their transaction has committed. */
@ApplicationScoped
public class IntakeMetrics {

    @Inject
    MetricRegistry metrics;

    void reported(@Observes(during = TransactionPhase.AFTER_SUCCESS) IssueReported report) {
        metrics.counter("vigil_issue_reports", new Tag("app", report.appId())).inc();
        if (report.redactions() > 0) {
            metrics.counter("vigil_issue_redactions").inc(report.redactions());
        }
    }
}
