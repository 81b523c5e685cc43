package dev.vigil.resilience.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Work to be done later or elsewhere.
 *
 * @param kind the {@link JobHandler#kind()} that does it
 * @param partitionKey what the job is for (a channel id, a check id); shown and filtered in the
 *        admin API, at most 255 characters; empty when the job is for nothing in particular
 * @param payload what the handler needs, usually JSON; at most {@link WorkQueue#MAX_PAYLOAD_CHARS}
 * @param delay how long from now the job waits before it may run
 */
public record JobRequest(String kind, String partitionKey, String payload, Duration delay) {

    public JobRequest {
        Objects.requireNonNull(kind, "kind");
        partitionKey = partitionKey == null ? "" : partitionKey;
        payload = payload == null ? "" : payload;
        delay = delay == null || delay.isNegative() ? Duration.ZERO : delay;
        if (partitionKey.length() > 255) {
            throw new IllegalArgumentException("A job's partition key has at most 255 characters");
        }
        if (payload.length() > WorkQueue.MAX_PAYLOAD_CHARS) {
            throw new IllegalArgumentException("A job's payload has at most " + WorkQueue.MAX_PAYLOAD_CHARS
                    + " characters");
        }
    }

    public static JobRequest now(String kind, String partitionKey, String payload) {
        return new JobRequest(kind, partitionKey, payload, Duration.ZERO);
    }
}
