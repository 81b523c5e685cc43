package dev.vigil.resilience.api;

import java.time.Instant;

/**
 * One attempt of a job, as its handler sees it.
 *
 * @param id the job's id: the same on every attempt, so a receiver can drop a repeated delivery
 * @param attempt 1 for the first attempt
 */
public record QueuedJob(String id, String kind, String partitionKey, String payload, int attempt, int maxAttempts,
        Instant createdAt) {
}
