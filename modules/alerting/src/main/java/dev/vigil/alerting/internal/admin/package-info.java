/** The admin API of alerting: alerts and acknowledgements, groups, routes with the dry run, channels, the notification log. */
package dev.vigil.alerting.internal.admin;
