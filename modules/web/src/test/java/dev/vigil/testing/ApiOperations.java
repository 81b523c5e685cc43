package dev.vigil.testing;

import dev.vigil.testing.Http.Auth;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The operations of the server's own OpenAPI document, as black-box tests walk them. */
public final class ApiOperations {

    private static final Set<String> METHODS = Set.of("get", "head", "post", "put", "patch", "delete", "options");

    private ApiOperations() {
    }

    /** A parameter of an operation: where it goes ({@code path}, {@code query}, {@code header}) and its type. */
    public record Parameter(String name, String in, String type) {
    }

    /**
     * One operation; {@code schemes} are the security schemes that admit a caller (none: public),
     * {@code example} is the first JSON example of its request body, if it takes one.
     */
    public record Operation(String method, String path, Set<String> schemes, List<Parameter> parameters,
                            String example) {

        /** Members and admins, or admins only (HTTP Basic), may call it. */
        public boolean admitsLogin() {
            return schemes.contains("userLogin") || schemes.contains("adminLogin");
        }

        public boolean takesBody() {
            return example != null;
        }

        public List<Parameter> in(String where) {
            return parameters.stream().filter(p -> p.in().equals(where)).toList();
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    public static List<Operation> read(Http http) {
        Http.Reply reply = http.get("openapi?format=JSON", Auth.NONE);
        if (reply.status() != 200) {
            throw new IllegalStateException("GET /openapi?format=JSON: " + reply);
        }
        List<Operation> operations = new ArrayList<>();
        for (var path : reply.json().getJsonObject("paths").entrySet()) {
            JsonObject item = path.getValue().asJsonObject();
            List<Parameter> shared = parameters(item);
            for (var method : item.entrySet()) {
                if (!METHODS.contains(method.getKey())) {
                    continue;
                }
                JsonObject op = method.getValue().asJsonObject();
                List<Parameter> parameters = new ArrayList<>(shared);
                parameters.addAll(parameters(op));
                operations.add(new Operation(method.getKey().toUpperCase(java.util.Locale.ROOT), path.getKey(),
                        schemes(op), List.copyOf(parameters), example(op)));
            }
        }
        return List.copyOf(operations);
    }

    private static Set<String> schemes(JsonObject op) {
        if (!op.containsKey("security")) {
            return Set.of();
        }
        return op.getJsonArray("security").stream().flatMap(r -> r.asJsonObject().keySet().stream())
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    private static List<Parameter> parameters(JsonObject holder) {
        if (!holder.containsKey("parameters")) {
            return List.of();
        }
        return holder.getJsonArray("parameters").stream().map(JsonValue::asJsonObject)
                .map(p -> new Parameter(p.getString("name"), p.getString("in"),
                        p.containsKey("schema") ? p.getJsonObject("schema").getString("type", "string") : "string"))
                .toList();
    }

    private static String example(JsonObject op) {
        if (!op.containsKey("requestBody")) {
            return null;
        }
        JsonObject content = op.getJsonObject("requestBody").getJsonObject("content");
        JsonObject json = content.getJsonObject("application/json");
        if (json == null || !json.containsKey("examples")) {
            return "{}";
        }
        JsonValue value = json.getJsonObject("examples").values().iterator().next().asJsonObject().get("value");
        return value instanceof JsonString s ? s.getString() : value.toString();
    }
}
