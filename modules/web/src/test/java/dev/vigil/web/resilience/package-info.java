/** In-server tests of the resilience module: breakers call by call, bulkheads, their states and events. */
package dev.vigil.web.resilience;
