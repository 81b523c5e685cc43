/** In-server tests of the SLO engine: the live cycle against the backtest, pushed events, check SLIs, alerts. */
package dev.vigil.web.slo;
