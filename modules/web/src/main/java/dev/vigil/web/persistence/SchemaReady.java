package dev.vigil.web.persistence;

/** Fired once, after the changelogs are applied; work that needs tables starts from here. */
public record SchemaReady(long migrationMillis) {
}
