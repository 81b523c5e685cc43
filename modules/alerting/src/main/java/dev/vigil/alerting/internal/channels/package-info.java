/** Channels, one kind per class: what a notification looks like to each receiver, and its delivery. */
package dev.vigil.alerting.internal.channels;
