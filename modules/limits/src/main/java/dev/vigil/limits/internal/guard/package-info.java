/** Request guards every endpoint gets: JSON shape limits and the CORS allow-list. */
package dev.vigil.limits.internal.guard;
