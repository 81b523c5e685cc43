/** Events the limits module emits for other modules (the alerting module picks them up). */
package dev.vigil.limits.events;
