package dev.vigil.limits.api;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The client's address: the socket peer, unless the peer is a configured trusted proxy
 * ({@code vigil.limits.trusted-proxies}), in which case {@code CF-Connecting-IP},
 * {@code X-Real-IP} or the last untrusted hop of {@code X-Forwarded-For} is believed.
 */
public interface ClientAddresses {

    String of(HttpServletRequest request);
}
