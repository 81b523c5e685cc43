/**
 * What other modules use: {@link dev.vigil.resilience.api.WorkQueue} and
 * {@link dev.vigil.resilience.api.JobHandler} for work that must happen later or elsewhere, and
 * {@link dev.vigil.resilience.api.Dependencies} for every outbound call.
 */
package dev.vigil.resilience.api;
