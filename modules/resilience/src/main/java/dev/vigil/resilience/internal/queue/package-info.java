/**
 * The durable work queue: {@code resilience_job}, claimed with leases by each server's dispatcher,
 * run on Liberty's managed executor, retried with backoff, dead-lettered with a reason.
 */
package dev.vigil.resilience.internal.queue;
