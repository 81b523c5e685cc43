/** The PagerDuty Events API v2 channel: one incident per group, triggered, acknowledged, resolved. */
package dev.vigil.alerting.internal.channels.pagerduty;
