/** Alerts, groups and notifications in the database: plain JDBC inside the caller's JTA transaction. */
package dev.vigil.alerting.internal.store;
