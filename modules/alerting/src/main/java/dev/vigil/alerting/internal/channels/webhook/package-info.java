/** Vigil's generic webhook channel: the message as JSON, signed with {@code X-Vigil-Signature}. */
package dev.vigil.alerting.internal.channels.webhook;
