package dev.vigil.kernel.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Who may call a REST resource or method. The web module's access policy enforces it below the
 * resources and denies by default: an endpoint without an audience is reachable by admins only,
 * and everything under {@code /api/v1/admin} is admin-only whatever it declares.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Audience {

    Who[] value();

    enum Who {
        /** Anyone, without credentials. */
        PUBLIC,
        /** An app with a live API key. */
        APP,
        /** A member or admin user. */
        USER,
        /** An admin user. */
        ADMIN
    }
}
