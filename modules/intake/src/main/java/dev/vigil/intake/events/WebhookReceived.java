package dev.vigil.intake.events;

import java.time.Instant;

/** A genuine webhook delivery was stored (once per source and delivery id); fired after it committed. */
public record WebhookReceived(String id, String source, String deliveryId, String contentType, Instant receivedAt) {
}
