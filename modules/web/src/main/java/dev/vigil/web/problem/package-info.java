/** Turns every failure into an RFC 9457 problem response with a taxonomy code. */
package dev.vigil.web.problem;
