/**
 * The WAR: JAX-RS application, access policy, problem responses, probes and metrics. It exports
 * nothing; it is the top of the module graph.
 */
module dev.vigil.web {
    requires dev.vigil.kernel;
    requires dev.vigil.limits;
    requires dev.vigil.identity;
    requires dev.vigil.resilience;
    requires dev.vigil.alerting;
    requires dev.vigil.ingest;

    requires jakarta.ws.rs;
    requires jakarta.persistence;
    requires jakarta.cdi;
    requires jakarta.inject;
    requires jakarta.annotation;
    requires jakarta.ejb;
    requires jakarta.validation;
    requires jakarta.json.bind;
    requires jakarta.json;
    requires jakarta.servlet;
    requires jakarta.transaction;
    requires jakarta.concurrency;
    requires java.sql;
    requires java.logging;
    requires java.management;
    requires microprofile.config.api;
    requires microprofile.health.api;
    requires microprofile.metrics.api;
    requires microprofile.openapi.api;
    requires liquibase.core;
}
