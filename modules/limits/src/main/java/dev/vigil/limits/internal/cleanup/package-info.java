/** Removal of expired quota windows, old rate-limit events and expired idempotency keys, on a tracked timer. */
package dev.vigil.limits.internal.cleanup;
