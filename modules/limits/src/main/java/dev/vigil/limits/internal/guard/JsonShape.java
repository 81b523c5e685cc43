package dev.vigil.limits.internal.guard;

import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayInputStream;
import java.util.Optional;

/**
 * Checks a JSON document's shape before anything binds it: nesting depth, string length and
 * number length, and no U+0000 in strings. Deep nesting and enormous numbers cost a binder stack and CPU far beyond their
 * size; this walks the document once with a streaming parser and stops at the first excess.
 */
public record JsonShape(int maxDepth, int maxStringLength, int maxNumberLength) {

    public static final JsonShape DEFAULT = new JsonShape(32, 100_000, 64);

    /** Looked up once: {@code Json.createParser} looks the provider up on every call (class-loader walks on Liberty). */
    private static final JsonProvider JSON = JsonProvider.provider();

    /** Why the document is refused, or empty when it is acceptable (or not JSON at all: the binder says so). */
    public Optional<String> violation(byte[] document) {
        int depth = 0;
        try (JsonParser parser = JSON.createParser(new ByteArrayInputStream(document))) {
            while (parser.hasNext()) {
                switch (parser.next()) {
                    case START_ARRAY, START_OBJECT -> {
                        if (++depth > maxDepth) {
                            return Optional.of("JSON nesting deeper than " + maxDepth);
                        }
                    }
                    case END_ARRAY, END_OBJECT -> depth--;
                    case KEY_NAME, VALUE_STRING -> {
                        String text = parser.getString();
                        if (text.length() > maxStringLength) {
                            return Optional.of("a JSON string longer than " + maxStringLength + " characters");
                        }
                        if (text.indexOf('\u0000') >= 0) {
                            // PostgreSQL stores no NUL in text: refused here, not as a failed insert.
                            return Optional.of("a JSON string holding U+0000");
                        }
                    }
                    case VALUE_NUMBER -> {
                        if (parser.getString().length() > maxNumberLength) {
                            return Optional.of("a JSON number longer than " + maxNumberLength + " characters");
                        }
                    }
                    default -> {
                        // literals need no check
                    }
                }
            }
        } catch (JsonParsingException | IllegalStateException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
