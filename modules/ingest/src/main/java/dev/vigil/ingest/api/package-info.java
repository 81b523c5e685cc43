/** What other modules may ask of ingest: the daily digest's failed-upload counts. */
package dev.vigil.ingest.api;
