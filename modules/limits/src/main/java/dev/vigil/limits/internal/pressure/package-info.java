/** Rate-limit pressure: deduplicated events in 5-second windows, and the sustained-pressure signal. */
package dev.vigil.limits.internal.pressure;
