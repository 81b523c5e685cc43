/** Request metrics by route and status ({@code vigil_http_*}). */
package dev.vigil.web.metrics;
