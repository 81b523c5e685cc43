/**
 * Uploads: kinds registered by admins (a JSON Schema and a size limit), apps' uploads under an
 * Idempotency-Key, and the failed-upload log that records every refused upload of an app.
 */
package dev.vigil.ingest.internal.uploads;
