/** Operations: every periodic job's runs recorded, job checks (check-ins) with healthchecks.io's semantics (later: SLOs, incidents, probes). */
module dev.vigil.ops {
    requires transitive dev.vigil.kernel;
    requires dev.vigil.alerting;
    requires dev.vigil.ingest;
    requires dev.vigil.limits;
    requires com.cronutils;
    requires org.yaml.snakeyaml;
    requires jakarta.servlet;
    requires jakarta.json;
    requires java.sql;
    requires java.logging;
    requires java.management;
    requires jakarta.ws.rs;
    requires jakarta.persistence;
    requires jakarta.cdi;
    requires jakarta.inject;
    requires jakarta.annotation;
    requires jakarta.ejb;
    requires jakarta.concurrency;
    requires microprofile.config.api;
    requires microprofile.metrics.api;
    requires microprofile.openapi.api;
}
