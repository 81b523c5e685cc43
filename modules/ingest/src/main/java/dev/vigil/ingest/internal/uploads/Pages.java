package dev.vigil.ingest.internal.uploads;

import dev.vigil.kernel.api.VigilException;

/** Page sizes as query parameters give them. */
final class Pages {

    private Pages() {
    }

    static int limit(int limit, int max) {
        if (limit < 1 || limit > max) {
            throw VigilException.invalid("limit must be 1 to " + max);
        }
        return limit;
    }
}
