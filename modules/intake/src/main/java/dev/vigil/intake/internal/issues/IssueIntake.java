package dev.vigil.intake.internal.issues;

import dev.vigil.intake.events.IssueReported;
import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.Ids;
import dev.vigil.kernel.api.Problem.FieldError;
import dev.vigil.kernel.api.VigilException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores an app's issue report: checks the free-form parts, redacts secrets, folds the report into
 * its group and writes it, all in the caller's transaction. A client report id seen before returns
 * the first report instead of storing another.
 */
@ApplicationScoped
public class IssueIntake {

    static final int MAX_EVENT_ATTRIBUTES = 50;
    static final int MAX_FLAGS = 200;
    static final int MAX_METADATA = 200;
    static final int MAX_UPLOAD_QUEUE = 1_000;

    @Inject
    ReportStore reports;

    @Inject
    GroupRegistry groups;

    @Inject
    Clock clock;

    @Inject
    Event<IssueReported> reported;

    /** What the app is told: the report's id and group, and whether it was stored before. */
    public record Receipt(String id, String groupId, boolean replayed) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Receipt submit(String appId, IssueReport report) throws SQLException {
        checkFreeForm(report);
        if (report.clientReportId() != null) {
            var first = reports.byClientId(appId, report.clientReportId());
            if (first.isPresent()) {
                return new Receipt(first.get().id(), first.get().groupId(), true);
            }
        }
        int[] redactions = new int[1];
        String summary = text(report.summary(), redactions);
        List<String> eventTypes = report.events() == null ? List.of()
                : report.events().stream().map(IssueReport.ReliabilityEvent::type).toList();
        List<String> fingerprint = report.fingerprint() == null ? null
                : report.fingerprint().stream().map(part -> text(part, redactions)).toList();
        long now = clock.millis();
        var group = groups.ensure(appId, Fingerprints.of(appId, fingerprint, summary, eventTypes), summary, now);
        String version = report.app() == null ? null : report.app().version();
        String id = Ids.newId();
        String body = document(report, summary, fingerprint, redactions).build().toString();
        reports.insert(new ReportStore.StoredReport(id, appId, group.id(), report.clientReportId(), now, summary, version,
                redactions[0], body));
        reports.countIntoGroup(group.id(), now);
        reported.fire(new IssueReported(id, appId, group.id(), group.created(), Instant.ofEpochMilli(now),
                redactions[0]));
        return new Receipt(id, group.id(), false);
    }

    private static void checkFreeForm(IssueReport report) {
        List<FieldError> errors = new ArrayList<>();
        FreeFormLimits.check("flags", report.flags(), MAX_FLAGS, errors);
        FreeFormLimits.check("metadata", report.metadata(), MAX_METADATA, errors);
        FreeFormLimits.check("uploadQueue", report.uploadQueue(), MAX_UPLOAD_QUEUE, errors);
        if (report.events() != null) {
            for (int i = 0; i < report.events().size() && errors.size() < 20; i++) {
                var event = report.events().get(i);
                if (event != null) {
                    FreeFormLimits.check("events[" + i + "].attributes", event.attributes(), MAX_EVENT_ATTRIBUTES,
                            errors);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new VigilException(ErrorCode.INVALID_REQUEST, "The report breaks a size limit", errors, null);
        }
    }

    /** The report as stored: every field redacted, nothing else added. */
    private static JsonObjectBuilder document(IssueReport report, String summary, List<String> fingerprint,
            int[] redactions) {
        JsonObjectBuilder doc = Json.createObjectBuilder().add("summary", summary);
        addText(doc, "description", text(report.description(), redactions));
        addText(doc, "clientReportId", report.clientReportId());
        if (fingerprint != null) {
            doc.add("fingerprint", Json.createArrayBuilder(fingerprint));
        }
        if (report.app() != null) {
            JsonObjectBuilder app = Json.createObjectBuilder();
            addText(app, "version", report.app().version());
            addText(app, "build", report.app().build());
            addText(app, "channel", text(report.app().channel(), redactions));
            doc.add("app", app);
        }
        if (report.device() != null) {
            JsonObjectBuilder device = Json.createObjectBuilder();
            addText(device, "model", text(report.device().model(), redactions));
            addText(device, "os", text(report.device().os(), redactions));
            addText(device, "osVersion", text(report.device().osVersion(), redactions));
            addText(device, "locale", report.device().locale());
            doc.add("device", device);
        }
        if (report.events() != null) {
            JsonArrayBuilder events = Json.createArrayBuilder();
            for (var event : report.events()) {
                JsonObjectBuilder e = Json.createObjectBuilder().add("type", event.type()).add("at", event.at().toString());
                if (event.attributes() != null) {
                    e.add("attributes", tree(event.attributes(), redactions));
                }
                events.add(e);
            }
            doc.add("events", events);
        }
        addTree(doc, "uploadQueue", report.uploadQueue(), redactions);
        addTree(doc, "flags", report.flags(), redactions);
        addTree(doc, "metadata", report.metadata(), redactions);
        return doc;
    }

    private static String text(String value, int[] redactions) {
        var result = Redactor.redactText(value);
        redactions[0] += result.redactions();
        return result.value();
    }

    private static JsonValue tree(JsonValue value, int[] redactions) {
        var result = Redactor.redact(value);
        redactions[0] += result.redactions();
        return result.value();
    }

    private static void addTree(JsonObjectBuilder doc, String name, JsonValue value, int[] redactions) {
        if (value != null && value.getValueType() != JsonValue.ValueType.NULL) {
            doc.add(name, tree(value, redactions));
        }
    }

    private static void addText(JsonObjectBuilder doc, String name, String value) {
        if (value != null) {
            doc.add(name, value);
        }
    }
}
