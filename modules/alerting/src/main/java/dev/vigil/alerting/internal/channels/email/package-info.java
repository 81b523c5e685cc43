/** The email channel: SMTP through Jakarta Mail, a text and an HTML part. */
package dev.vigil.alerting.internal.channels.email;
