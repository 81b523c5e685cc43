/** What other modules use to raise and resolve alerts. */
package dev.vigil.alerting.api;
