/** The alerting module's internals: the model, the stores, channels and resources. */
package dev.vigil.alerting.internal;
