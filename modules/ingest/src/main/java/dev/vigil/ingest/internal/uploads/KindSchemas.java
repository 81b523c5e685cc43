package dev.vigil.ingest.internal.uploads;

import com.networknt.schema.Error;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.FailFastAssertionException;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.ValidationLimitExceededException;
import com.networknt.schema.regex.RegularExpression;
import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.Problem;
import dev.vigil.kernel.api.RegexBudget;
import dev.vigil.kernel.api.VigilException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compiles kinds' JSON Schemas with networknt's validator and checks uploads against them.
 *
 * <p><b>Outside references.</b> A schema may refer only inside itself ({@code "$ref": "#/..."}).
 * The loader fetches nothing remote and loads only the exact meta-schemas it bundles, so an admin's
 * schema never makes Vigil call out or read a file or the class path.
 *
 * <p><b>Cost.</b> An upload is parsed with limits (depth 64, duplicate names refused) and validated
 * within 1,000,000 evaluation steps, depth 64 and one second for the schema's regular expressions
 * together (a catastrophic {@code pattern} is stopped, not left spinning). A valid upload is checked
 * once, fail-fast; an invalid one up to {@link #FULL_CHECK_BYTES} is checked again to list up to
 * {@link #MAX_LISTED} violations, a larger one lists its first.
 *
 * <p><b>Cache.</b> A compiled schema is kept per kind and definition, so a kind changed on another
 * server is compiled afresh here at its next upload; compiling happens outside any lock.
 */
@ApplicationScoped
public class KindSchemas {

    /** How many violations an answer lists. */
    static final int MAX_LISTED = 20;
    /** Bodies up to this size are checked a second time to list their violations. */
    static final int FULL_CHECK_BYTES = 65_536;
    static final long MAX_STEPS = 1_000_000;
    static final int MAX_DEPTH = 64;
    static final long REGEX_BUDGET_NANOS = 1_000_000_000L;
    private static final int MAX_MESSAGE = 300;
    private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    /** The meta-schemas (and 2019-09 / 2020-12 vocabularies) the validator bundles; nothing else is loaded. */
    private static final Pattern META_SCHEMA = Pattern.compile(
            "https?://json-schema\\.org/(draft-0[467]/schema|draft/20(19-09|20-12)/(schema|meta/[a-z-]{1,40}))#?");
    private static final ThreadLocal<RegexBudget> REGEX_BUDGET = new ThreadLocal<>();

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                            .regularExpressionFactory(KindSchemas::boundedRegex).build())
                    .schemaLoader(loader -> loader.fetchRemoteResources(false)
                            .allow(iri -> META_SCHEMA.matcher(iri.toString()).matches())));
    private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();

    private record Compiled(String definition, Schema schema) {
    }

    /**
     * The schema compiled, or {@code 400 invalid_request} saying why it is no schema Vigil can use:
     * it reaches outside itself, or it does not meet its dialect's meta-schema (the violations listed).
     */
    Schema compile(String schemaText) {
        JsonNode node;
        try {
            node = JSON.readTree(schemaText);
        } catch (JacksonException e) {
            throw VigilException.invalid("The schema is not valid JSON (at most " + MAX_DEPTH + " deep, no repeated names)");
        }
        String refusal = SchemaReferences.foreign(node);
        if (refusal != null) {
            throw VigilException.invalid(refusal);
        }
        try {
            String dialect = node.isObject() && node.get("$schema") != null ? node.get("$schema").asString()
                    : SpecificationVersion.DRAFT_2020_12.getDialectId();
            List<Problem.FieldError> wrong = bounded(() -> registry.getSchema(SchemaLocation.of(dialect))
                    .validate(node, limits(false))).stream().limit(MAX_LISTED)
                    .map(e -> new Problem.FieldError("schema" + location(e), clip(e.getMessage()))).toList();
            if (!wrong.isEmpty()) {
                throw new VigilException(ErrorCode.INVALID_REQUEST, "The schema does not meet its dialect's meta-schema ("
                        + dialect + ")", wrong, null);
            }
            Schema schema = registry.getSchema(schemaText, InputFormat.JSON);
            schema.initializeValidators(); // resolves every $ref now, not at the first upload
            return schema;
        } catch (VigilException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw VigilException.invalid("The schema cannot be used: " + clip(String.valueOf(e.getMessage())));
        }
    }

    /**
     * The upload's violations of its kind's schema (empty: valid); {@code 400 invalid_json} when the
     * body is no single JSON document within the parser's limits, {@code 400 invalid_request} when a
     * string holds U+0000 (no database column takes it), {@code 422 invalid_request} when checking it
     * would cost more than its budget.
     */
    List<Problem.FieldError> violations(UploadKind kind, String body) {
        JsonNode document;
        try {
            document = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new VigilException(ErrorCode.INVALID_JSON, "The body is not one well-formed JSON document (at most "
                    + MAX_DEPTH + " deep, no repeated names)");
        }
        if (document == null || document.isMissingNode()) {
            throw new VigilException(ErrorCode.INVALID_JSON, "The body is empty; an upload is a JSON document");
        }
        if (holdsNul(document)) {
            throw VigilException.invalid("Strings and names may not hold U+0000");
        }
        Schema schema = schemaOf(kind);
        try {
            List<Error> first = bounded(() -> failFast(schema, document));
            if (first.isEmpty() || body.length() > FULL_CHECK_BYTES) {
                return first.stream().map(KindSchemas::violation).toList();
            }
            return bounded(() -> schema.validate(document, limits(false))).stream().limit(MAX_LISTED)
                    .map(KindSchemas::violation).toList();
        } catch (ValidationLimitExceededException | RegexBudget.Exhausted | StackOverflowError e) {
            throw new VigilException(ErrorCode.INVALID_REQUEST, 422, "The upload is too costly to check against the"
                    + " schema of kind " + kind.name() + " (over " + MAX_STEPS + " steps, " + MAX_DEPTH
                    + " levels or a second of pattern matching)", List.of(), null);
        }
    }

    private static List<Error> failFast(Schema schema, JsonNode document) {
        try {
            return schema.validate(document, limits(true));
        } catch (FailFastAssertionException e) {
            return List.of(e.getError());
        }
    }

    private static Consumer<ExecutionContext> limits(boolean failFast) {
        return context -> context.executionConfig(config -> config.failFast(failFast).maxEvaluationSteps(MAX_STEPS)
                .maxEvaluationDepth(MAX_DEPTH));
    }

    /** Runs a validation with the regular-expression budget of one upload. */
    private static <T> T bounded(java.util.function.Supplier<T> validation) {
        REGEX_BUDGET.set(RegexBudget.time(REGEX_BUDGET_NANOS));
        try {
            return validation.get();
        } finally {
            REGEX_BUDGET.remove();
        }
    }

    private Schema schemaOf(UploadKind kind) {
        Compiled known = compiled.get(kind.name());
        if (known != null && known.definition().equals(kind.schema())) {
            return known.schema();
        }
        Schema schema;
        try {
            schema = compile(kind.schema());
        } catch (VigilException e) {
            // It compiled when it was registered: the validator changed under it.
            throw new VigilException(ErrorCode.MISCONFIGURED, "The schema of kind " + kind.name()
                    + " no longer compiles; an admin must register it again");
        }
        compiled.put(kind.name(), new Compiled(kind.schema(), schema));
        return schema;
    }

    /** Forgets a kind's compiled schema (it was replaced or deleted here). */
    void forget(String kind) {
        compiled.remove(kind);
    }

    private static Problem.FieldError violation(Error error) {
        return new Problem.FieldError(location(error), clip(error.getMessage()));
    }

    /** Where in the document: a JSON Pointer in its URI-fragment form (RFC 6901), {@code #} for the root. */
    private static String location(Error error) {
        return "#" + (error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString());
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

    /** The JDK's regular expressions over input that stops them once the upload's budget is spent. */
    private static RegularExpression boundedRegex(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return input -> {
            RegexBudget budget = REGEX_BUDGET.get();
            return budget == null ? pattern.matcher(input).find() : budget.find(pattern, input);
        };
    }

    static String clip(String text) {
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "…";
    }
}
