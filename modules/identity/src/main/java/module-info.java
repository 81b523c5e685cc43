/**
 * Identity: apps and their API keys, members and admins, and who is calling — the authentication
 * mechanism that reads every request's credentials, and the caller it leaves for the rest.
 */
module dev.vigil.identity {
    requires transitive dev.vigil.kernel;
    requires transitive jakarta.servlet;
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
    requires jakarta.security;
    requires jakarta.security.auth.message;
    requires microprofile.config.api;
    requires microprofile.openapi.api;

    exports dev.vigil.identity.api;
}
