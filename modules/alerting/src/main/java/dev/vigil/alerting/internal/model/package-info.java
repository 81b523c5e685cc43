/** Pure decisions: labels and fingerprints, matchers, the routing tree and a group's timing. */
package dev.vigil.alerting.internal.model;
