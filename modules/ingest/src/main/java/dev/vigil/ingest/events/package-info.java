/** Events ingest fires for other modules: a rollback trigger starting or stopping to fire. */
package dev.vigil.ingest.events;
