/**
 * Client reliability telemetry: batches of events and counter increments, deduplicated by event
 * id, kept raw for a bounded time and as per-minute sums per app, version and signal; sessions and
 * their worst status for crash-free rates; the alias map; the query API.
 */
package dev.vigil.ingest.internal.telemetry;
