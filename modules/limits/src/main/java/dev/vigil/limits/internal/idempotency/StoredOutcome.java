package dev.vigil.limits.internal.idempotency;

import java.util.List;
import java.util.Optional;

/** What is stored under a key: the request's fingerprint and, once it completed, its answer. */
record StoredOutcome(String fingerprint, Optional<Answer> answer) {

    record Answer(int status, String contentType, String location, String body) {
    }

    /** What a later request with the same key gets. */
    enum Verdict { REPLAY, MISMATCH, IN_FLIGHT }

    /** @param requestFingerprints the request's fingerprints under the current and the previous key */
    Verdict judge(List<String> requestFingerprints) {
        if (!requestFingerprints.contains(fingerprint)) {
            return Verdict.MISMATCH;
        }
        return answer.isPresent() ? Verdict.REPLAY : Verdict.IN_FLIGHT;
    }
}
