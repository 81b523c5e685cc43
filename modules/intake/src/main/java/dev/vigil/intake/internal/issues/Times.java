package dev.vigil.intake.internal.issues;

import dev.vigil.kernel.api.VigilException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Query-parameter instants ({@code 2026-11-23T10:00:00Z}); a bad one is a 400 naming the parameter. */
final class Times {

    private Times() {
    }

    static Instant parse(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw VigilException.invalid(name + ": not an instant like 2026-11-23T10:00:00Z");
        }
    }
}
