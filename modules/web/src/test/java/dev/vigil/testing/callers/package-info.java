/**
 * In-server callers for the role tests: one EJB per role that runs a piece of work under that role
 * ({@code @RunAs}), the run-as users bound by the test deployment (see
 * {@link dev.vigil.testing.Deployments}) and known to {@link dev.vigil.testing.callers.TestCallerStore}.
 */
package dev.vigil.testing.callers;
