/** What other modules may ask of ingest: the daily digest's upload counts, telemetry as SLI sources. */
package dev.vigil.ingest.api;
