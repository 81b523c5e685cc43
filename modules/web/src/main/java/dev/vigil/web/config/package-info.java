/** The web module's settings, read from MicroProfile Config and checked once at start-up. */
package dev.vigil.web.config;
