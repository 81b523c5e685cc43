package dev.vigil.ingest.internal.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.kernel.api.VigilException;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class KindSchemasTest {

    private final KindSchemas schemas = new KindSchemas();

    @ParameterizedTest
    @ValueSource(strings = {"{\"$ref\": \"http://127.0.0.1:9/x.json\"}", "{\"items\": [{\"$ref\": \"file:///etc/passwd\"}]}",
            "{\"properties\": {\"a\": {\"\\u0024ref\": \"classpath:/x\"}}}", "{\"$dynamicRef\": \"https://example.com/x\"}",
            "{\"$id\": \"https://example.com/s\"}", "{\"$schema\": \"https://example.com/meta\"}", "[]", "12"})
    void aSchemaThatReachesOutsideIsRefused(String schema) {
        assertThatThrownBy(() -> schemas.compile(schema)).isInstanceOf(VigilException.class);
    }

    @Test
    void aSchemaMustMeetItsMetaSchema() {
        assertThatThrownBy(() -> schemas.compile("{\"type\": \"no-such-type\"}")).isInstanceOf(VigilException.class)
                .satisfies(e -> assertThat(((VigilException) e).errors()).isNotEmpty());
        assertThat(schemas.compile("{\"$defs\": {\"n\": {\"type\": \"integer\"}}, \"properties\": {\"a\": {\"$ref\":"
                + " \"#/$defs/n\"}}}")).isNotNull();
    }

    @Test
    void violationsNameWhereTheUploadIsWrong() {
        UploadKind kind = new UploadKind("run", "", 100, "{\"type\": \"object\", \"required\": [\"runId\"],"
                + " \"properties\": {\"steps\": {\"type\": \"integer\"}}}", Instant.EPOCH, "admin");
        assertThat(schemas.violations(kind, "{\"runId\": \"r\", \"steps\": 2}")).isEmpty();
        assertThat(schemas.violations(kind, "{\"steps\": \"two\"}")).extracting(v -> v.field())
                .containsExactlyInAnyOrder("#", "#/steps");
        assertThatThrownBy(() -> schemas.violations(kind, "{\"runId\": \"r\"} {}")).isInstanceOf(VigilException.class);
        assertThatThrownBy(() -> schemas.violations(kind, "{\"runId\": \"a\\u0000\"}")).isInstanceOf(VigilException.class);
    }
}
