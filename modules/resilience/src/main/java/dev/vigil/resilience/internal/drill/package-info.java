/** Queue drills: an admin's burst of no-op or HTTP test jobs, to see the queue and a receiver work end to end. */
package dev.vigil.resilience.internal.drill;
