/**
 * Job checks with healthchecks.io's semantics: check-ins at {@code /ping/...}, states, flips, the
 * watch that takes late checks down, and the internal jobs watched as checks.
 */
package dev.vigil.ops.internal.checks;
