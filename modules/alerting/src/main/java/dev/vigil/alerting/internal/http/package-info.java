/** Alerts in: Vigil's own API and Alertmanager's webhook. */
package dev.vigil.alerting.internal.http;
