/** Signed inbound webhooks: signature schemes (Vigil, GitHub, Slack), replay protection, deliveries. */
package dev.vigil.intake.internal.webhooks;
