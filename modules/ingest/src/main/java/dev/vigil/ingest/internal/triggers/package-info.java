/**
 * Rollback triggers: conditions over an app version's telemetry written in Google's CEL, with
 * {@code increase}, {@code total}, {@code sessions} and {@code crash_free_sessions}, evaluated every
 * minute per app and version; a firing trigger raises an alert and shows on the release view.
 */
package dev.vigil.ingest.internal.triggers;
