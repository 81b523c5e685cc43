/**
 * Alerts from Vigil's modules, from apps and from Alertmanager: deduplicated, grouped by route,
 * acknowledged, and delivered to channels through the work queue.
 */
module dev.vigil.alerting {
    requires transitive dev.vigil.kernel;
    requires dev.vigil.resilience;
    requires dev.vigil.limits;
    requires dev.vigil.intake;
    requires dev.vigil.ingest;
    requires com.cronutils;
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
    requires jakarta.mail;
    requires jakarta.validation;
    requires jakarta.concurrency;
    requires jakarta.servlet;
    requires microprofile.config.api;
    requires microprofile.fault.tolerance.api;
    requires microprofile.health.api;
    requires microprofile.metrics.api;
    requires microprofile.openapi.api;

    exports dev.vigil.alerting.api;
}
