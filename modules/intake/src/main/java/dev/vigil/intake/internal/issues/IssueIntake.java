package dev.vigil.intake.internal.issues;

import dev.vigil.intake.events.IssueReported;
import dev.vigil.intake.internal.issues.ReportPreparation.Prepared;
import dev.vigil.kernel.api.Ids;
import dev.vigil.kernel.api.Transactional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Stores apps' prepared issue reports (see {@link ReportPreparation}): folds each into its group and
 * writes it. A client report id seen before returns the first report instead of storing another.
 * One report at a time in the caller's transaction, or many together.
 */
@ApplicationScoped
public class IssueIntake {

    private static final Comparator<ReportStore.StoredReport> BY_CLIENT_ID = Comparator
            .comparing(ReportStore.StoredReport::appId)
            .thenComparing(ReportStore.StoredReport::clientReportId, Comparator.nullsFirst(Comparator.naturalOrder()));

    @Inject
    ReportStore reports;

    @Inject
    GroupRegistry groups;

    @Inject
    Event<IssueReported> reported;

    /** What the app is told: the report's id and group, and whether it was stored before. */
    public record Receipt(String id, String groupId, boolean replayed) {
    }

    /** Stores one report in the caller's transaction (the path of requests with an Idempotency-Key). */
    @Transactional(Transactional.Type.MANDATORY)
    public Receipt submit(Prepared report) throws SQLException {
        return store(List.of(report)).get(0);
    }

    /** Stores reports of any apps together in a transaction of their own; see {@link ReportBatches}. */
    @Transactional(Transactional.Type.REQUIRES_NEW)
    public List<Receipt> storeTogether(List<Prepared> batch) throws SQLException {
        return store(batch);
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
}
