package dev.vigil.intake.events;

import java.time.Instant;

/**
 * A webhook delivery was refused for its signature: a registered source's bad, stale or missing
 * signature, or a name no source has ({@code source} is then {@code unknown}). {@code reason} says
 * why in words that never hold the secret. Fired asynchronously ({@code @ObservesAsync}): the
 * refused request never waits for an observer.
 */
public record WebhookRefused(String source, String reason, Instant at) {
}
