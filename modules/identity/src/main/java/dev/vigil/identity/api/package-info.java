/**
 * What other modules may ask the identity module: why it refused a request's credentials, and
 * which of its settings are wrong. The caller itself is the kernel's {@code Caller}.
 */
package dev.vigil.identity.api;
