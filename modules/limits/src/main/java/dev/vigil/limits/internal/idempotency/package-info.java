/** Idempotency keys: the stored outcome of the first request with a key, replayed to the later ones. */
package dev.vigil.limits.internal.idempotency;
