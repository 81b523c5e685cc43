/** What other modules use: policies, the limiter, decisions, the {@code @RateLimited} binding, client addresses. */
package dev.vigil.limits.api;
