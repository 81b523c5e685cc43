/**
 * The resilience tables as JPA entities, read and changed for admins only through
 * {@link dev.vigil.resilience.internal.data.QueueData}, the module's guarded bean.
 */
package dev.vigil.resilience.internal.data;
