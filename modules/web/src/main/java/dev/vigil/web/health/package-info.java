/** MicroProfile Health checks: live, ready (database, schema, configuration) and started. */
package dev.vigil.web.health;
