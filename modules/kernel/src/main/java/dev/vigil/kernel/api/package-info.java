/** The kernel's public vocabulary: error taxonomy, problem details, caller identity, ids. */
package dev.vigil.kernel.api;
