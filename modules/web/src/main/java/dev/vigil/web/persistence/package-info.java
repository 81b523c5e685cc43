/** The schema: Liquibase changelogs applied once at start-up, retried until the database is there. */
package dev.vigil.web.persistence;
