/** Events the intake module fires for other modules (alerting, ops). */
package dev.vigil.intake.events;
