/** The identity module's settings, read from MicroProfile Config and checked once. */
package dev.vigil.identity.internal.config;
