package dev.vigil.limits.internal.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * What JPA asks of a composite key class ({@code @IdClass}): equality and a hash over the id
 * fields, which each key lists in {@link #values()}.
 */
abstract class CompositeKey implements Serializable {

    private static final long serialVersionUID = 1L;

    abstract Object[] values();

    @Override
    public boolean equals(Object other) {
        return other != null && other.getClass() == getClass() && Arrays.equals(values(), ((CompositeKey) other).values());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values());
    }
}
