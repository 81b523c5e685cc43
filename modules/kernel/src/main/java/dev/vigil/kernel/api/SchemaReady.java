package dev.vigil.kernel.api;

/**
 * Fired by the web module after the changelogs are applied and before Vigil reports ready; work
 * that needs the tables at start-up observes it. It may fire again if an observer failed, so
 * observers are idempotent.
 */
public record SchemaReady(long migrationMillis) {
}
