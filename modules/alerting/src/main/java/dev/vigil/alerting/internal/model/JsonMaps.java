package dev.vigil.alerting.internal.model;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Map;
import java.util.TreeMap;

/** Labels and annotations as they are stored: a JSON object of strings, keys sorted. */
public final class JsonMaps {

    private JsonMaps() {
    }

    public static String write(Map<String, String> map) {
        return object(map).toString();
    }

    public static JsonObject object(Map<String, String> map) {
        JsonObjectBuilder builder = Json.createObjectBuilder();
        new TreeMap<>(map).forEach(builder::add);
        return builder.build();
    }

    public static Map<String, String> read(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return strings(reader.readObject());
        }
    }

    /** A JSON object's string members; anything else is refused. */
    public static Map<String, String> strings(JsonObject object) {
        Map<String, String> map = new TreeMap<>();
        for (Map.Entry<String, JsonValue> entry : object.entrySet()) {
            if (!(entry.getValue() instanceof JsonString s)) {
                throw new IllegalArgumentException("'" + entry.getKey() + "' must be a string");
            }
            map.put(entry.getKey(), s.getString());
        }
        return map;
    }
}
