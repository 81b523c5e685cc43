package dev.vigil.intake.events;

import java.time.Instant;

/**
 * An app's issue report was stored (fired in the storing transaction; observe with
 * {@code during = TransactionPhase.AFTER_SUCCESS} to act only on committed reports).
 *
 * @param newGroup whether the report opened a new group
 * @param redactions how many secrets were removed from it before storage
 */
public record IssueReported(String reportId, String appId, String groupId, boolean newGroup, Instant receivedAt,
        int redactions) {
}
