/** The leased quota limiter: exact per-window counts in the database, decisions from local leases. */
package dev.vigil.limits.internal.quota;
