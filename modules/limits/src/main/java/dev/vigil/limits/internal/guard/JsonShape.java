package dev.vigil.limits.internal.guard;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Checks a JSON document's shape before anything binds it: UTF-8 (RFC 8259 section 8.1; a JSON-P
 * parser would put U+FFFD in place of a bad byte), nesting depth, string length and number length,
 * and strings without U+0000 or an unpaired surrogate (neither can be stored as text). Deep nesting and enormous numbers cost a binder stack
 * and CPU far beyond their size; this walks the document once with a streaming parser and stops
 * at the first excess. A document wanted as JSON-P values is built in the same walk, so it is
 * parsed once, not checked and then parsed again.
 */
public record JsonShape(int maxDepth, int maxStringLength, int maxNumberLength) {

    public static final JsonShape DEFAULT = new JsonShape(32, 100_000, 64);

    /** Looked up once: {@code Json.createParser} looks the provider up on every call (class-loader walks on Liberty). */
    private static final JsonProvider JSON = JsonProvider.provider();

    /** Why a document is refused: its shape, or (when reading) that it is no JSON at all. */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String why) {
            super(why, null, false, false);
        }
    }

    /** Why the document is refused, or empty when it is acceptable (or not JSON at all: the binder says so). */
    public Optional<String> violation(byte[] document) {
        if (!Utf8.isValid(document)) {
            return Optional.of("bytes that are not UTF-8");
        }
        try (JsonParser parser = JSON.createParser(new ByteArrayInputStream(document))) {
            while (parser.hasNext()) {
                walk(parser, parser.next(), 0, false);
            }
        } catch (Refused e) {
            return Optional.of(e.getMessage());
        } catch (JsonException | IllegalStateException | NoSuchElementException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * The document as one JSON-P value.
     *
     * @throws Refused when its shape breaks a limit, it is no JSON, or more than one value (the JSON-P
     *     reader would ignore what follows the first)
     */
    public JsonValue read(InputStream document) {
        try (JsonParser parser = JSON.createParser(Utf8.strictReader(document))) {
            JsonValue value = walk(parser, parser.next(), 0, true);
            if (parser.hasNext()) {
                // The JSON-P reader ignores what follows the first value; a body is one value.
                throw new Refused("more than one JSON value");
            }
            return value;
        } catch (JsonException | IllegalStateException | NoSuchElementException e) {
            // An empty body, malformed JSON, bytes that are not UTF-8 (the strict reader's failure
            // arrives wrapped), or a stream that failed (the client went away).
            throw new Refused("no valid JSON");
        } catch (NumberFormatException | ArithmeticException e) {
            throw new Refused("a JSON number out of range"); // such as 1e9999999999: short, but no BigDecimal
        }
    }

    /** Checks the value that starts with {@code event}; builds it when asked, else answers null. */
    private JsonValue walk(JsonParser parser, Event event, int depth, boolean build) {
        switch (event) {
            case START_OBJECT -> {
                deeper(depth);
                JsonObjectBuilder object = build ? JSON.createObjectBuilder() : null;
                for (Event next = parser.next(); next != Event.END_OBJECT; next = parser.next()) {
                    String key = text(parser);
                    JsonValue value = walk(parser, parser.next(), depth + 1, build);
                    if (build) {
                        object.add(key, value);
                    }
                }
                return build ? object.build() : null;
            }
            case START_ARRAY -> {
                deeper(depth);
                JsonArrayBuilder array = build ? JSON.createArrayBuilder() : null;
                for (Event next = parser.next(); next != Event.END_ARRAY; next = parser.next()) {
                    JsonValue value = walk(parser, next, depth + 1, build);
                    if (build) {
                        array.add(value);
                    }
                }
                return build ? array.build() : null;
            }
            case VALUE_STRING -> {
                String text = text(parser);
                return build ? JSON.createValue(text) : null;
            }
            case VALUE_NUMBER -> {
                if (parser.getString().length() > maxNumberLength) {
                    throw new Refused("a JSON number longer than " + maxNumberLength + " characters");
                }
                return build ? parser.getValue() : null;
            }
            case VALUE_TRUE -> {
                return JsonValue.TRUE;
            }
            case VALUE_FALSE -> {
                return JsonValue.FALSE;
            }
            case VALUE_NULL -> {
                return JsonValue.NULL;
            }
            default -> throw new IllegalStateException("unexpected " + event);
        }
    }

    private void deeper(int depth) {
        if (depth + 1 > maxDepth) {
            throw new Refused("JSON nesting deeper than " + maxDepth);
        }
    }

    private String text(JsonParser parser) {
        String text = parser.getString();
        if (text.length() > maxStringLength) {
            throw new Refused("a JSON string longer than " + maxStringLength + " characters");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                // PostgreSQL stores no NUL in text: refused here, not as a failed insert.
                throw new Refused("a JSON string holding U+0000");
            }
            if (Character.isSurrogate(c)) {
                // An escaped lone surrogate ("\ud800") is no character: UTF-8 cannot hold it, and a
                // database would store '?' in its place.
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    throw new Refused("a JSON string holding an unpaired surrogate");
                }
            }
        }
        return text;
    }
}
