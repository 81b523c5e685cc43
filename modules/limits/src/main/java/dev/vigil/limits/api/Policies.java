package dev.vigil.limits.api;

import java.util.Collection;

/** The configured policies ({@code vigil.limits.<policy>.max}, {@code .window}, {@code .on-store-failure}). */
public interface Policies {

    /** The policy of this name; an unknown name is a programming error. */
    Policy get(String name);

    Collection<Policy> all();

    /** Each wrong override, naming its key; readiness is DOWN while there are any. */
    java.util.List<String> problems();
}
