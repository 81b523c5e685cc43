/** The JAX-RS application and its OpenAPI description. */
package dev.vigil.web;
