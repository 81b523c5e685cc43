/** Intake: issue reports from apps, redacted, grouped and triaged; signed inbound webhooks. */
module dev.vigil.intake {
    requires transitive dev.vigil.kernel;
    requires dev.vigil.limits;
    requires java.sql;
    requires java.logging;
    requires jakarta.ws.rs;
    requires jakarta.persistence;
    requires jakarta.cdi;
    requires jakarta.inject;
    requires jakarta.annotation;
    requires jakarta.ejb;
    requires jakarta.validation;
    requires jakarta.json;
    requires jakarta.servlet;
    requires microprofile.config.api;
    requires microprofile.metrics.api;
    requires microprofile.openapi.api;

    exports dev.vigil.intake.api;
    exports dev.vigil.intake.events;
}
