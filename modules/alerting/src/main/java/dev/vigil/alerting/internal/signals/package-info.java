/**
 * Vigil's own signals as alerts: rate-limit pressure, webhook signature failures, open breakers
 * and readiness, each with its runbook; and the daily digest.
 */
package dev.vigil.alerting.internal.signals;
