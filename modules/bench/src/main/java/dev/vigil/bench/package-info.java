/** Side-by-side benchmark harnesses; each prints its figures and the command that produced them. */
package dev.vigil.bench;
