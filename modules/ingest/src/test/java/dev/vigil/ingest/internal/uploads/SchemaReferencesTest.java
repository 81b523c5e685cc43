package dev.vigil.ingest.internal.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

class SchemaReferencesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest
    @ValueSource(strings = {"{\"$ref\": \"http://127.0.0.1:9/x.json\"}", "{\"items\": [{\"$ref\": \"file:///etc/passwd\"}]}",
            "{\"properties\": {\"a\": {\"$ref\": \"classpath:/x\"}}}", "{\"$dynamicRef\": \"https://example.com/x\"}",
            "{\"$defs\": {\"d\": {\"$recursiveRef\": \"x.json\"}}}", "{\"$id\": \"https://example.com/s\"}",
            "{\"$schema\": \"https://example.com/meta\"}", "[]", "12"})
    void aSchemaThatPointsOutsideItselfHasAReasonToBeRefused(String schema) {
        assertThat(SchemaReferences.foreign(JSON.readTree(schema))).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "{}", "{\"$ref\": \"#/$defs/n\", \"$defs\": {\"n\": {\"type\": \"integer\"}}}",
            "{\"properties\": {\"$ref\": {\"type\": \"string\"}, \"$id\": {\"type\": \"string\"}}}",
            "{\"enum\": [{\"$ref\": \"http://example.com\"}], \"default\": {\"$id\": \"x\"}}",
            "{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\"}"})
    void aSchemaThatKeepsToItselfHasNone(String schema) {
        assertThat(SchemaReferences.foreign(JSON.readTree(schema))).isNull();
    }
}
