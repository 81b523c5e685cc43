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

    /**
     * The request property (a {@code String}) naming what a request is about, for
     * {@link KeyKind#SUBJECT_AND_CLIENT_IP}; set by a filter of the module that knows (before
     * {@code Priorities.AUTHORIZATION + 100}).
     */
    String SUBJECT = "dev.vigil.limits.subject";

    /** What the limit is counted per. */
    KeyKind key() default KeyKind.CLIENT_IP;

    enum KeyKind {
        /** The client address (forwarding headers only from trusted proxies). */
        CLIENT_IP,
        /** The calling app; callers without an app fall back to their client address. */
        APP,
        /** The authenticated caller (user or app); anonymous callers by client address. */
        CALLER,
        /** The request path and the client address together. */
        PATH_AND_CLIENT_IP,
        /**
         * The request's {@link #SUBJECT} (such as a registered webhook source; all unknown ones share
         * one) and the client address together: no caller-chosen text becomes a key.
         */
        SUBJECT_AND_CLIENT_IP
    }
}
