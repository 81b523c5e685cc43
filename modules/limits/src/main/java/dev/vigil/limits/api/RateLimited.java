package dev.vigil.limits.api;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Puts a REST resource method (or all of a class's) under a rate-limit policy: one annotation is
 * all an endpoint needs. Over the limit it answers {@code 429 rate_limited} with
 * {@code Retry-After}; every answer carries {@code RateLimit-Policy} and {@code RateLimit}.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RateLimited {

    /** The policy name; its limit and window come from {@code vigil.limits.<policy>.*}. */
    String policy() default "";

    /** What the limit is counted per. */
    KeyKind key() default KeyKind.CLIENT_IP;

    enum KeyKind {
        /** The client address (forwarding headers only from trusted proxies). */
        CLIENT_IP,
        /** The calling app; callers without an app fall back to their client address. */
        APP,
        /** The authenticated caller (user or app); anonymous callers by client address. */
        CALLER,
        /** The request path (e.g. the webhook source in it) and the client address together. */
        PATH_AND_CLIENT_IP
    }
}
