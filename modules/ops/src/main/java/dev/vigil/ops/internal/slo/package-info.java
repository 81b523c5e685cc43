/**
 * Service level objectives: their definitions (admin API, OpenSLO import and export), the SLI sources
 * (Vigil's own API, app pushes, job checks, telemetry), the minute cycle that evaluates multi-window
 * burn rates into alerts, and the JDBC stores behind them.
 */
package dev.vigil.ops.internal.slo;
