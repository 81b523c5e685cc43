package dev.vigil.intake.internal.issues;

import dev.vigil.intake.events.IssueReported;
import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.Ids;
import dev.vigil.kernel.api.Problem.FieldError;
import dev.vigil.kernel.api.VigilException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.transaction.Transactional;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.lang.annotation.ElementType;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Stores apps' issue reports: checks the free-form parts, redacts secrets, folds each report into
 * its group and writes it. A client report id seen before returns the first report instead of
 * storing another. One report at a time in the caller's transaction, or many together.
 */
@ApplicationScoped
public class IssueIntake {

    static final int MAX_EVENT_ATTRIBUTES = 50;
    static final int MAX_FLAGS = 200;
    static final int MAX_METADATA = 200;
    static final int MAX_UPLOAD_QUEUE = 1_000;

    private static final Comparator<ReportStore.StoredReport> BY_CLIENT_ID = Comparator
            .comparing(ReportStore.StoredReport::appId)
            .thenComparing(ReportStore.StoredReport::clientReportId, Comparator.nullsFirst(Comparator.naturalOrder()));

    @Inject
    ReportStore reports;

    @Inject
    GroupRegistry groups;

    @Inject
    Clock clock;

    @Inject
    Event<IssueReported> reported;

    @Inject
    ValidatorFactory validation;

    private Validator validator;

    @PostConstruct
    void createValidator() {
        // The default resolver asks JPA whether each property is loaded, on every property of every
        // report; a report is no entity, so everything is reachable.
        validator = validation.usingContext().traversableResolver(new EverythingReachable()).getValidator();
    }

    /** What the app is told: the report's id and group, and whether it was stored before. */
    public record Receipt(String id, String groupId, boolean replayed) {
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

    /** Stores one report in the caller's transaction (the path of requests with an Idempotency-Key). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Receipt submit(String appId, IssueReport report) throws SQLException {
        return store(List.of(prepare(appId, report))).get(0);
    }

    /** Stores reports of any apps together in a transaction of their own; see {@link ReportBatches}. */
    @Transactional(value = Transactional.TxType.REQUIRES_NEW, rollbackOn = SQLException.class)
    public List<Receipt> storeTogether(List<Prepared> batch) throws SQLException {
        return store(batch);
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

    /**
     * In the current transaction: answers reports whose client report id was seen before (in the
     * database or earlier in the batch) with the first report, folds the rest into their groups,
     * inserts them in one batch and counts them into their groups with one update per group.
     */
    private List<Receipt> store(List<Prepared> batch) throws SQLException {
        Map<String, ReportStore.StoredReport> seen = seenBefore(batch);
        Receipt[] receipts = new Receipt[batch.size()];
        Map<String, Integer> firstInBatch = new HashMap<>();
        Map<String, GroupRegistry.Found> groupsOfBatch = new HashMap<>();
        List<ReportStore.StoredReport> rows = new ArrayList<>();
        List<IssueReported> stored = new ArrayList<>();
        SortedMap<String, ReportStore.GroupGain> gains = new TreeMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Prepared report = batch.get(i);
            String clientKey = report.clientKey();
            if (clientKey != null && seen.containsKey(clientKey)) {
                var first = seen.get(clientKey);
                receipts[i] = new Receipt(first.id(), first.groupId(), true);
                continue;
            }
            if (clientKey != null && firstInBatch.containsKey(clientKey)) {
                continue; // answered below, once the first one has its receipt
            }
            if (clientKey != null) {
                firstInBatch.put(clientKey, i);
            }
            var group = groupsOfBatch.get(report.groupKey());
            boolean newGroup = false; // only the batch's first report into a group with none opens it
            if (group == null) {
                group = groups.ensure(report.appId(), report.fingerprint(), report.summary(), report.receivedAt());
                groupsOfBatch.put(report.groupKey(), group);
                newGroup = group.empty();
            }
            String id = Ids.newId();
            rows.add(new ReportStore.StoredReport(id, report.appId(), group.id(), report.clientReportId(),
                    report.receivedAt(), report.summary(), report.appVersion(), report.redactions(), report.body()));
            gains.merge(group.id(), new ReportStore.GroupGain(1, report.receivedAt()),
                    (a, b) -> a.plus(b.lastSeen()));
            stored.add(new IssueReported(id, report.appId(), group.id(), newGroup,
                    Instant.ofEpochMilli(report.receivedAt()), report.redactions()));
            receipts[i] = new Receipt(id, group.id(), false);
        }
        for (int i = 0; i < batch.size(); i++) {
            if (receipts[i] == null) {
                Receipt first = receipts[firstInBatch.get(batch.get(i).clientKey())];
                receipts[i] = new Receipt(first.id(), first.groupId(), true);
            }
        }
        if (!rows.isEmpty()) {
            // In client report id order: two servers inserting the same ids cannot wait on each other
            // in opposite orders (a deadlock); one waits, then breaks the unique key and retries.
            rows.sort(BY_CLIENT_ID);
            reports.insertAll(rows);
            reports.countIntoGroups(gains);
            stored.forEach(reported::fire);
        }
        return List.of(receipts);
    }

    /** The first stored reports of the batch's client report ids, by app and client report id. */
    private Map<String, ReportStore.StoredReport> seenBefore(List<Prepared> batch) throws SQLException {
        Map<String, List<String>> idsByApp = new HashMap<>();
        for (Prepared report : batch) {
            if (report.clientReportId() != null) {
                idsByApp.computeIfAbsent(report.appId(), app -> new ArrayList<>()).add(report.clientReportId());
            }
        }
        Map<String, ReportStore.StoredReport> seen = new HashMap<>();
        for (var app : idsByApp.entrySet()) {
            reports.byClientIds(app.getKey(), app.getValue())
                    .forEach((clientId, report) -> seen.put(Prepared.perApp(app.getKey(), clientId), report));
        }
        return seen;
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
