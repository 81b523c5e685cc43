/** Named dependencies under MicroProfile Fault Tolerance, and their breaker states per server. */
package dev.vigil.resilience.internal.deps;
