/** Events other modules observe: a dependency's breaker changed state on one server. */
package dev.vigil.resilience.events;
