/** Kernel internals; not exported, so other modules cannot depend on them. */
package dev.vigil.kernel.internal;
