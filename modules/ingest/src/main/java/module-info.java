/**
 * Ingest: apps' uploads with the log of every rejected one, client reliability telemetry with the
 * alias map, release health and rollback triggers.
 */
module dev.vigil.ingest {
    requires transitive dev.vigil.kernel;
    requires dev.vigil.limits;
    requires java.sql;
    requires java.logging;
    requires jakarta.ws.rs;
    requires jakarta.cdi;
    requires jakarta.inject;
    requires jakarta.annotation;
    requires jakarta.ejb;
    requires jakarta.json;
    requires jakarta.servlet;
    requires microprofile.config.api;
    requires microprofile.metrics.api;
    requires microprofile.openapi.api;
    requires com.networknt.schema;
    requires tools.jackson.databind;
    requires tools.jackson.core;

    exports dev.vigil.ingest.api;
    exports dev.vigil.ingest.events;
}
