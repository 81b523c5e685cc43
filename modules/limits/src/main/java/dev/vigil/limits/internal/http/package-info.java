/** JAX-RS side of the limits: the name-bound filter, headers, CDI wiring, configured policies. */
package dev.vigil.limits.internal.http;
