package dev.vigil.kernel.api;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a CDI bean method in a JTA transaction, and any exception that leaves the method rolls that
 * transaction back (a joined one is marked rollback-only, so its owner rolls back). Vigil's
 * replacement for {@code jakarta.transaction.Transactional}: Liberty's implementation of that one
 * rolls back only on unchecked exceptions unless told otherwise, and writes an FFDC incident, stack
 * trace and all, for every unchecked exception that leaves such a method, including the
 * {@link VigilException} of an ordinary {@code 4xx}. Here a refusal is only a refusal.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Transactional {

    @Nonbinding
    Type value() default Type.REQUIRED;

    /** The meanings of the same names in Jakarta Transactions. */
    enum Type {
        /** Join the caller's transaction, or begin one. */
        REQUIRED,
        /** Suspend the caller's transaction, if any, and run in one of its own. */
        REQUIRES_NEW,
        /** Join the caller's transaction; without one, refuse with an {@link IllegalStateException}. */
        MANDATORY
    }
}
