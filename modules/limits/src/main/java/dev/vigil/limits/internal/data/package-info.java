/**
 * The limits module's ops data - rate-limit events, idempotency keys, quota windows - as JPA
 * entities behind one container-guarded bean, {@link dev.vigil.limits.internal.data.LimitsData}.
 */
package dev.vigil.limits.internal.data;
