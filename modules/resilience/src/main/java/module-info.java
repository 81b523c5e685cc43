/**
 * Outbound calls under MicroProfile Fault Tolerance (named dependencies with their breaker states)
 * and the durable work queue every later or elsewhere work goes through.
 */
module dev.vigil.resilience {
    requires transitive dev.vigil.kernel;
    requires java.sql;
    requires java.net.http;
    requires java.logging;
    requires jakarta.ws.rs;
    requires jakarta.persistence;
    requires jakarta.cdi;
    requires jakarta.inject;
    requires jakarta.annotation;
    requires jakarta.ejb;
    requires jakarta.transaction;
    requires jakarta.json;
    requires jakarta.json.bind;
    requires jakarta.validation;
    requires jakarta.concurrency;
    requires microprofile.config.api;
    requires microprofile.fault.tolerance.api;
    requires microprofile.health.api;
    requires microprofile.metrics.api;
    requires microprofile.openapi.api;

    exports dev.vigil.resilience.api;
    exports dev.vigil.resilience.events;
}
