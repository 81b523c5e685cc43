/** What the resilience module's parts share: the server's name. */
package dev.vigil.resilience.internal;
