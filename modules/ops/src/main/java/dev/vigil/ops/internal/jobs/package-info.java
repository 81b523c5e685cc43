/** Job runs: every periodic job's start, end, outcome and error, its health, and its admin API. */
package dev.vigil.ops.internal.jobs;
