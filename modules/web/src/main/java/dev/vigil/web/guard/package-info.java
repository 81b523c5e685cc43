/** Request guards every endpoint gets: body size. */
package dev.vigil.web.guard;
