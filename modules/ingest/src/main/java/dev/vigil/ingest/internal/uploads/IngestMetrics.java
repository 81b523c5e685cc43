package dev.vigil.ingest.internal.uploads;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * {@code vigil_uploads_total{kind,outcome}}: every answer of the upload endpoint, by registered kind
 * ({@code unknown} when the answer came before the kind was looked up, or it names no kind) and outcome ({@code stored}, {@code replayed} or the
 * refusal's taxonomy code); both label sets are bounded, whatever apps send.
 */
@ApplicationScoped
public class IngestMetrics {

    private static final Metadata UPLOADS = Metadata.builder().withName("vigil_uploads")
            .withDescription("Answers of the upload endpoint, per registered kind and outcome").build();
    private static final Metadata UNRECORDED = Metadata.builder().withName("vigil_failed_uploads_unrecorded")
            .withDescription("Refused uploads not written to the failed-upload log: the write failed (error) or the"
                    + " app passed its daily cap on this server (cap)").build();

    @Inject
    MetricRegistry metrics;

    void upload(String kind, String outcome) {
        metrics.counter(UPLOADS, new Tag("kind", kind == null ? "unknown" : kind), new Tag("outcome", outcome)).inc();
    }

    void unrecorded(String why) {
        metrics.counter(UNRECORDED, new Tag("why", why)).inc();
    }
}
