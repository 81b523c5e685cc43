/**
 * Channels, one kind per folder ({@code webhook}, {@code slack}, {@code email}, {@code pagerduty}):
 * the fields each takes, what a notification looks like to its receiver, and its delivery. Here:
 * the message every kind renders, the notification job, sealed credentials and per-channel breakers.
 */
package dev.vigil.alerting.internal.channels;
