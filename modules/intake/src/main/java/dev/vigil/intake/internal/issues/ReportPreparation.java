package dev.vigil.intake.internal.issues;

import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.Problem.FieldError;
import dev.vigil.kernel.api.VigilException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.lang.annotation.ElementType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes an app's report ready to store, without the database: checks its declared constraints and
 * free-form sizes, redacts secrets, derives its fingerprint and writes the document that is stored.
 */
@ApplicationScoped
public class ReportPreparation {

    static final int MAX_EVENT_ATTRIBUTES = 50;
    static final int MAX_FLAGS = 200;
    static final int MAX_METADATA = 200;
    static final int MAX_UPLOAD_QUEUE = 1_000;

    @Inject
    Clock clock;

    @Inject
    ValidatorFactory validation;

    private Validator validator;

    @PostConstruct
    void createValidator() {
        // The default resolver asks JPA whether each property is loaded, on every property of every
        // report; a report is no entity, so everything is reachable.
        validator = validation.usingContext().traversableResolver(new EverythingReachable()).getValidator();
    }

    /** A report checked, redacted and fingerprinted, ready to store: everything but the database. */
    public record Prepared(String appId, String clientReportId, String fingerprint, String summary,
            String appVersion, int redactions, String body, long receivedAt) {

        String clientKey() {
            return clientReportId == null ? null : perApp(appId, clientReportId);
        }

        String groupKey() {
            return perApp(appId, fingerprint);
        }

        static String perApp(String appId, String value) {
            return appId + "\n" + value;
        }
    }

    /** The report if it keeps its declared constraints; else a 400 naming each broken one. */
    public IssueReport validate(IssueReport report) {
        var violations = validator.validate(report);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return report;
    }

    /** Checks the free-form parts, redacts secrets and derives the fingerprint; no database. */
    public Prepared prepare(String appId, IssueReport report) {
        checkFreeForm(report);
        int[] redactions = new int[1];
        String summary = text(report.summary(), redactions);
        List<String> eventTypes = report.events() == null ? List.of()
                : report.events().stream().map(IssueReport.ReliabilityEvent::type).toList();
        List<String> fingerprint = report.fingerprint() == null ? null
                : report.fingerprint().stream().map(part -> text(part, redactions)).toList();
        String body = document(report, summary, fingerprint, redactions).build().toString();
        return new Prepared(appId, report.clientReportId(), Fingerprints.of(appId, fingerprint, summary, eventTypes),
                summary, report.app() == null ? null : report.app().version(), redactions[0], body, clock.millis());
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
        JsonObjectBuilder doc = Jsons.PROVIDER.createObjectBuilder().add("summary", summary);
        addText(doc, "description", text(report.description(), redactions));
        addText(doc, "clientReportId", report.clientReportId());
        if (fingerprint != null) {
            doc.add("fingerprint", Jsons.PROVIDER.createArrayBuilder(fingerprint));
        }
        if (report.app() != null) {
            JsonObjectBuilder app = Jsons.PROVIDER.createObjectBuilder();
            addText(app, "version", report.app().version());
            addText(app, "build", report.app().build());
            addText(app, "channel", text(report.app().channel(), redactions));
            doc.add("app", app);
        }
        if (report.device() != null) {
            JsonObjectBuilder device = Jsons.PROVIDER.createObjectBuilder();
            addText(device, "model", text(report.device().model(), redactions));
            addText(device, "os", text(report.device().os(), redactions));
            addText(device, "osVersion", text(report.device().osVersion(), redactions));
            addText(device, "locale", report.device().locale());
            doc.add("device", device);
        }
        if (report.events() != null) {
            JsonArrayBuilder events = Jsons.PROVIDER.createArrayBuilder();
            for (var event : report.events()) {
                JsonObjectBuilder e = Jsons.PROVIDER.createObjectBuilder().add("type", event.type()).add("at", event.at().toString());
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

    private static final class EverythingReachable implements TraversableResolver {

        @Override
        public boolean isReachable(Object bean, Path.Node property, Class<?> rootBean, Path path, ElementType type) {
            return true;
        }

        @Override
        public boolean isCascadable(Object bean, Path.Node property, Class<?> rootBean, Path path, ElementType type) {
            return true;
        }
    }
}
