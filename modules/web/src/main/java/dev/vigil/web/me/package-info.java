/** Who am I: the caller as Vigil sees it, for any authenticated app or user. */
package dev.vigil.web.me;
