package dev.vigil.intake.internal.issues;

import dev.vigil.kernel.api.Problem.FieldError;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;

/**
 * Limits on the free-form parts of a report (flags, metadata, event attributes, upload-queue
 * snapshot), which bean validation cannot describe: entries, nesting, key and string lengths.
 */
final class FreeFormLimits {

    static final int MAX_DEPTH = 4;
    static final int MAX_KEY_LENGTH = 100;
    static final int MAX_STRING_LENGTH = 2_000;
    static final int MAX_ARRAY_ITEMS = 100;

    private FreeFormLimits() {
    }

    /**
     * Adds a field error to {@code errors} for each limit {@code value} breaks (at most one per
     * field); {@code maxEntries} bounds the number of values in the whole tree.
     */
    static void check(String field, JsonValue value, int maxEntries, List<FieldError> errors) {
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return;
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            errors.add(new FieldError(field, "must be an object"));
            return;
        }
        int[] entries = new int[1];
        String problem = walk(value, 1, entries, maxEntries);
        if (problem != null) {
            errors.add(new FieldError(field, problem));
        }
    }

    private static String walk(JsonValue value, int depth, int[] entries, int maxEntries) {
        if (++entries[0] > maxEntries) {
            return "more than " + maxEntries + " values";
        }
        switch (value.getValueType()) {
            case OBJECT -> {
                if (depth > MAX_DEPTH) {
                    return "nested deeper than " + MAX_DEPTH;
                }
                for (Map.Entry<String, JsonValue> entry : value.asJsonObject().entrySet()) {
                    if (entry.getKey().length() > MAX_KEY_LENGTH) {
                        return "a key is longer than " + MAX_KEY_LENGTH + " characters";
                    }
                    String problem = walk(entry.getValue(), depth + 1, entries, maxEntries);
                    if (problem != null) {
                        return problem;
                    }
                }
            }
            case ARRAY -> {
                if (depth > MAX_DEPTH) {
                    return "nested deeper than " + MAX_DEPTH;
                }
                if (value.asJsonArray().size() > MAX_ARRAY_ITEMS) {
                    return "an array has more than " + MAX_ARRAY_ITEMS + " items";
                }
                for (JsonValue item : value.asJsonArray()) {
                    String problem = walk(item, depth + 1, entries, maxEntries);
                    if (problem != null) {
                        return problem;
                    }
                }
            }
            case STRING -> {
                if (((JsonString) value).getString().length() > MAX_STRING_LENGTH) {
                    return "a string is longer than " + MAX_STRING_LENGTH + " characters";
                }
            }
            default -> {
                return null;
            }
        }
        return null;
    }
}
