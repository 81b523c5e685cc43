package dev.vigil.limits.api;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a REST resource method honour {@code Idempotency-Key} (IETF draft semantics): the key is
 * claimed in the same transaction as the method's effect, so the effect happens once; the same key
 * with the same body replays the stored status and body with {@code Idempotent-Replayed: true};
 * with another body it is {@code 422 idempotency_mismatch}; while the original is still in flight,
 * {@code 409 idempotency_in_flight}. Keys are scoped per caller (app or user), at most 255
 * characters, and kept at least 24 h. The method must be Vigil's {@code @Transactional} and return a
 * {@code Response}.
 */
@NameBinding
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Idempotent {

    /** Whether a request without a key is refused ({@code 400 idempotency_key_missing}). */
    @Nonbinding
    boolean required() default false;

    String HEADER = "Idempotency-Key";
    String REPLAYED = "Idempotent-Replayed";
}
