package dev.vigil.limits.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** The IETF {@code RateLimit-Policy} / {@code RateLimit} headers (draft-ietf-httpapi-ratelimit-headers) for a decision. */
public final class RateLimitHeaders {

    /** Start (epoch ms) of the window the decision counted in; lets clients and tests attribute answers to windows. */
    public static final String WINDOW_START = "Vigil-RateLimit-Window";

    private RateLimitHeaders() {
    }

    public static Map<String, String> of(Decision decision) {
        Policy policy = decision.policy();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("RateLimit-Policy", "\"" + policy.name() + "\";q=" + policy.max() + ";w=" + policy.window().toSeconds());
        headers.put("RateLimit", "\"" + policy.name() + "\";r=" + decision.remaining() + ";t=" + decision.retryAfterSeconds());
        headers.put(WINDOW_START, Long.toString(decision.windowStart()));
        if (!decision.allowed()) {
            headers.put("Retry-After", Long.toString(decision.retryAfterSeconds()));
        }
        return headers;
    }
}
