/** Rate limits and quotas shared exactly by every Vigil server on one database. */
module dev.vigil.limits {
    requires transitive dev.vigil.kernel;
    requires transitive java.sql;
    requires jakarta.ws.rs;
    requires jakarta.persistence;
    requires jakarta.cdi;
    requires jakarta.inject;
    requires jakarta.annotation;
    requires jakarta.ejb;
    requires jakarta.servlet;
    requires jakarta.interceptor;
    requires jakarta.json.bind;
    requires jakarta.json;
    requires jakarta.concurrency;
    requires java.logging;
    requires microprofile.config.api;
    requires microprofile.metrics.api;
    requires microprofile.openapi.api;

    exports dev.vigil.limits.api;
    exports dev.vigil.limits.events;
}
