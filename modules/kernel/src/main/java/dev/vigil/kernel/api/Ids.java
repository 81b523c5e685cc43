package dev.vigil.kernel.api;

import dev.vigil.kernel.internal.TimeOrderedIds;

/** Ids for stored rows: time-ordered UUIDs (version 7), so inserts stay index-friendly. */
public final class Ids {

    private static final TimeOrderedIds GENERATOR = new TimeOrderedIds();

    private Ids() {
    }

    public static String newId() {
        return GENERATOR.next().toString();
    }
}
