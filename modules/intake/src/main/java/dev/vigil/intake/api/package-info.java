/** What other modules may ask the intake module: the daily digest counts. */
package dev.vigil.intake.api;
