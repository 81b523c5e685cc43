package dev.vigil.identity.internal.security;

import dev.vigil.kernel.api.SchemaReady;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Whether the tables may be touched yet, as the identity module learns it from {@link SchemaReady}.
 * The web module counts the schema as applied only once that event has reached every observer
 * without a failure (one that fails, such as the bootstrap admin on a lost connection, makes it
 * fire again on the next attempt). Observing it last gives the same answer: by then every other
 * observer has succeeded.
 */
@ApplicationScoped
public class SchemaState {

    private volatile boolean applied;

    void onSchemaReady(@Observes @Priority(Integer.MAX_VALUE) SchemaReady ready) {
        applied = true;
    }

    /** True once the changelogs are applied and the start-up work that needs them is done. */
    public boolean applied() {
        return applied;
    }
}
