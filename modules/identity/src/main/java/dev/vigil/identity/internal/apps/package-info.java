/** Apps that report to Vigil and their API keys: issued once, stored hashed, rotatable, revocable. */
package dev.vigil.identity.internal.apps;
