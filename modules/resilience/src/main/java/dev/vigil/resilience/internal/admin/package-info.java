/** The admin API of the queue and the dependencies, and the guarded bean behind it. */
package dev.vigil.resilience.internal.admin;
