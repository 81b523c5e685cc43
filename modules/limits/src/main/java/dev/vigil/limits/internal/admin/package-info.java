/** Admin API of the limits module: pressure summary, recent events, effective policies, idempotency stats. */
package dev.vigil.limits.internal.admin;
