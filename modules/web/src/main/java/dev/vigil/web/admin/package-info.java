/** The admin UI: its pages, their headers and who may open them. */
package dev.vigil.web.admin;
