/** Readiness details: dependencies' breakers and the queue's backlog, {@code degraded} but never DOWN. */
package dev.vigil.resilience.internal.health;
