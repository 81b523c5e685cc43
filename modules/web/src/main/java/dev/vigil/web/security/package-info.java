/**
 * What callers may reach: the one access policy below every resource. Who they are is decided by
 * the identity module's authentication mechanism.
 */
package dev.vigil.web.security;
