/** In-server tests of alerting's wiring to Vigil's own signals, periodic jobs and the daily digest. */
package dev.vigil.web.alerting;
