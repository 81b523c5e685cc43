package dev.vigil.ingest.internal.uploads;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.Problem;
import dev.vigil.kernel.api.VigilException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compiles kinds' JSON Schemas with networknt's validator and checks uploads against them. A
 * compiled schema is kept per kind and the definition it came from, so a kind changed on another
 * server is compiled afresh here at its next upload.
 *
 * <p>A schema may refer only inside itself ({@code "$ref": "#/..."}) and to the bundled
 * meta-schemas: Vigil never fetches a schema from a URL an admin wrote (no outbound calls, no
 * reads of files or of the class path on a schema's say).
 */
@ApplicationScoped
public class KindSchemas {

    /** How many violations an answer lists; the rest are counted. */
    static final int MAX_LISTED = 20;
    private static final int MAX_MESSAGE = 300;
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final Set<String> REFERENCES = Set.of("$ref", "$dynamicRef", "$recursiveRef");
    private static final Set<String> DIALECTS = Stream.of(SpecificationVersion.values())
            .map(SpecificationVersion::getDialectId).collect(Collectors.toCollection(java.util.TreeSet::new));

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)
                    .allow(iri -> iri.toString().startsWith("https://json-schema.org/")
                            || iri.toString().startsWith("http://json-schema.org/"))));
    private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();

    private record Compiled(String definition, Schema schema) {
    }

    /**
     * The schema compiled, or {@code 400 invalid_request} saying why it is no schema Vigil can use:
     * it reaches outside itself, or it does not meet its dialect's meta-schema (the violations listed).
     */
    Schema compile(String schemaText) {
        String refusal = foreignReference(schemaText);
        if (refusal != null) {
            throw VigilException.invalid(refusal);
        }
        try {
            JsonNode node = JSON.readTree(schemaText);
            String dialect = node.isObject() && node.get("$schema") != null ? node.get("$schema").asString()
                    : SpecificationVersion.DRAFT_2020_12.getDialectId();
            List<Problem.FieldError> wrong = registry.getSchema(SchemaLocation.of(dialect)).validate(node).stream()
                    .limit(MAX_LISTED).map(e -> new Problem.FieldError("schema" + location(e),
                            clip(e.getMessage()))).toList();
            if (!wrong.isEmpty()) {
                throw new VigilException(ErrorCode.INVALID_REQUEST, "The schema does not meet its dialect's meta-schema ("
                        + dialect + ")", wrong, null);
            }
            Schema schema = registry.getSchema(schemaText, InputFormat.JSON);
            schema.initializeValidators(); // resolves every $ref now, not at the first upload
            return schema;
        } catch (JacksonException e) {
            throw VigilException.invalid("The schema is not valid JSON");
        } catch (VigilException e) {
            throw e;
        } catch (RuntimeException e) {
            throw VigilException.invalid("The schema cannot be used: " + clip(String.valueOf(e.getMessage())));
        }
    }

    /**
     * The upload's violations of its kind's schema, at most {@link #MAX_LISTED} of them (empty: valid);
     * {@code 400 invalid_json} when the body is no single JSON document, {@code 400 invalid_request}
     * when a string holds U+0000 (no database column takes it).
     */
    List<Problem.FieldError> violations(UploadKind kind, String body) {
        JsonNode document;
        try {
            document = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new VigilException(ErrorCode.INVALID_JSON, "The body is not one well-formed JSON document");
        }
        if (document == null || document.isMissingNode()) {
            throw new VigilException(ErrorCode.INVALID_JSON, "The body is empty; an upload is a JSON document");
        }
        if (holdsNul(document)) {
            throw VigilException.invalid("Strings and names may not hold U+0000");
        }
        Compiled entry = compiled.compute(kind.name(), (name, known) -> known != null
                && known.definition().equals(kind.schema()) ? known : new Compiled(kind.schema(), compile(kind.schema())));
        List<Error> errors = entry.schema().validate(document);
        return errors.stream().limit(MAX_LISTED).map(e -> new Problem.FieldError(
                location(e), clip(e.getMessage()))).toList();
    }

    private static boolean holdsNul(JsonNode root) {
        Deque<JsonNode> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            JsonNode node = todo.pop();
            if (node.isString() && node.asString().indexOf('\0') >= 0) {
                return true;
            }
            if (node.isObject()) {
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    if (field.getKey().indexOf('\0') >= 0) {
                        return true;
                    }
                    todo.push(field.getValue());
                }
            } else if (node.isArray()) {
                node.forEach(todo::push);
            }
        }
        return false;
    }

    /** Forgets a kind's compiled schema (it was replaced or deleted here). */
    void forget(String kind) {
        compiled.remove(kind);
    }

    /** Where in the document: a JSON Pointer in its URI-fragment form (RFC 6901), {@code #} for the root. */
    private static String location(Error error) {
        return "#" + (error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString());
    }

    /**
     * A reason to refuse a schema that points outside itself: a {@code $ref}, {@code $dynamicRef}
     * or {@code $recursiveRef} not starting with {@code #} (the validator would try to load it), an
     * {@code $id} (it moves where references resolve), or a {@code $schema} that is not one of the
     * bundled dialects. Read from the parsed tree, so no JSON escape hides a key.
     */
    static String foreignReference(String schemaText) {
        JsonNode root;
        try {
            root = JSON.readTree(schemaText);
        } catch (JacksonException e) {
            return "The schema is not valid JSON";
        }
        if (root == null || !(root.isObject() || root.isBoolean())) {
            return "A schema is a JSON object (or true / false)";
        }
        Deque<JsonNode> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            JsonNode node = todo.pop();
            if (node.isObject()) {
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    String key = field.getKey();
                    JsonNode value = field.getValue();
                    if (REFERENCES.contains(key) && !(value.isString() && value.asString().startsWith("#"))) {
                        return "A schema may refer only inside itself (\"" + key + "\": \"#...\"), not to "
                                + clip(value.toString());
                    }
                    if (key.equals("$id")) {
                        return "A schema may not set \"$id\": references resolve inside the schema itself";
                    }
                    if (key.equals("$schema") && !(value.isString() && DIALECTS.contains(value.asString()))) {
                        return "\"$schema\" must name a dialect Vigil bundles: " + String.join(", ", DIALECTS);
                    }
                    todo.push(value);
                }
            } else if (node.isArray()) {
                node.forEach(todo::push);
            }
        }
        return null;
    }

    private static String clip(String text) {
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "…";
    }
}
