/** Black-box tests: HTTP only, against a Vigil started the way an operator starts it. */
package dev.vigil.blackbox;
