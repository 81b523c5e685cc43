package dev.vigil.ingest.internal.uploads;

import com.networknt.schema.SpecificationVersion;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * Whether an admin's schema keeps to itself: the validator would load whatever a reference names, so
 * a schema that points outside itself is refused before it is compiled.
 */
final class SchemaReferences {

    private static final Set<String> REFERENCES = Set.of("$ref", "$dynamicRef", "$recursiveRef");
    /** Keywords whose value is a map of names to schemas: the names are not keywords. */
    private static final Set<String> NAMED_SCHEMAS = Set.of("properties", "patternProperties", "$defs", "definitions",
            "dependentSchemas", "dependencies");
    /** Keywords whose value is data, not schema. */
    private static final Set<String> DATA = Set.of("enum", "const", "default", "examples", "example");
    private static final Set<String> DIALECTS = Stream.of(SpecificationVersion.values())
            .map(SpecificationVersion::getDialectId).collect(Collectors.toCollection(java.util.TreeSet::new));

    private SchemaReferences() {
    }

    /**
     * A reason to refuse a schema that points outside itself: a {@code $ref}, {@code $dynamicRef}
     * or {@code $recursiveRef} not starting with {@code #} (the validator would try to load it), an
     * {@code $id} (or draft 4's {@code id}: they move where references resolve), or a {@code $schema}
     * that is not one of the bundled dialects. Read from the parsed tree, keywords only: property
     * names under {@code properties} and the like, and data under {@code enum}, {@code const} and
     * {@code default}, are not keywords. Null when the schema keeps to itself.
     */
    static String foreign(JsonNode root) {
        if (root == null || !(root.isObject() || root.isBoolean())) {
            return "A schema is a JSON object (or true / false)";
        }
        Deque<JsonNode> schemas = new ArrayDeque<>(List.of(root));
        while (!schemas.isEmpty()) {
            JsonNode node = schemas.pop();
            if (node.isArray()) {
                node.forEach(schemas::push);
                continue;
            }
            if (!node.isObject()) {
                continue;
            }
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String key = field.getKey();
                JsonNode value = field.getValue();
                if (REFERENCES.contains(key) && !(value.isString() && value.asString().startsWith("#"))) {
                    return "A schema may refer only inside itself (\"" + key + "\": \"#...\"), not to "
                            + KindSchemas.clip(value.toString());
                }
                if (key.equals("$id") || key.equals("id") && value.isString()) {
                    return "A schema may not set \"" + key + "\": references resolve inside the schema itself";
                }
                if (key.equals("$schema") && !(value.isString() && DIALECTS.contains(value.asString()))) {
                    return "\"$schema\" must name a dialect Vigil bundles: " + String.join(", ", DIALECTS);
                }
                if (DATA.contains(key)) {
                    continue;
                }
                if (NAMED_SCHEMAS.contains(key) && value.isObject()) {
                    value.properties().forEach(named -> schemas.push(named.getValue()));
                } else if (value.isObject() || value.isArray()) {
                    schemas.push(value);
                }
            }
        }
        return null;
    }
}
