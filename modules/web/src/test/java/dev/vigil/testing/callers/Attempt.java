package dev.vigil.testing.callers;

import java.util.concurrent.Callable;

/**
 * What a piece of work run under some role ended with: its value, or what it threw - caught inside
 * the caller bean, so the test sees the guarded bean's own exception, not the container's wrapping
 * of it around the caller bean.
 */
public record Attempt<T>(T value, Exception failure) {

    static <T> Attempt<T> of(Callable<T> work) {
        try {
            return new Attempt<>(work.call(), null);
        } catch (Exception e) {
            return new Attempt<>(null, e);
        }
    }

    public boolean succeeded() {
        return failure == null;
    }
}
