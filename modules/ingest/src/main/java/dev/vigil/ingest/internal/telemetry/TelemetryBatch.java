package dev.vigil.ingest.internal.telemetry;

import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.Problem;
import dev.vigil.kernel.api.Times;
import dev.vigil.kernel.api.VigilException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a telemetry batch: {@code {"appVersion", "platform", "sessionId", "userId", "events": [...]}},
 * where each event has {@code id}, {@code type}, {@code at} and may have {@code value},
 * {@code status}, {@code attributes} and its own {@code appVersion}, {@code platform},
 * {@code sessionId}, {@code userId} (the batch's are defaults). One bad event refuses the whole
 * batch ({@code 400 invalid_request} naming it), so a batch is stored whole or not at all.
 */
final class TelemetryBatch {

    static final int MAX_EVENTS = 1_000;
    static final int MAX_ATTRIBUTES = 20;
    static final int MAX_ATTRIBUTES_CHARS = 2_000;
    static final long MAX_VALUE = 1_000_000_000_000L;
    /** Distinct app versions and signals one batch may hold (each is a series of its own). */
    static final int MAX_VERSIONS = 20;
    static final int MAX_SIGNALS = 200;
    /** Device clocks run ahead a little. */
    static final Duration NEWEST = Duration.ofMinutes(5);

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    private static final Pattern SIGNAL = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,99}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");
    private static final Pattern PLATFORM = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    private static final Pattern ATTRIBUTE_KEY = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Set<String> BATCH_FIELDS = Set.of("appVersion", "platform", "sessionId", "userId", "events");
    private static final Set<String> ITEM_FIELDS = Set.of("id", "type", "at", "value", "status", "attributes",
            "appVersion", "platform", "sessionId", "userId");

    private TelemetryBatch() {
    }

    /**
     * @param oldest how old an event may be: the raw events' retention, so an id is remembered for as
     *     long as an event with it is taken (a resent batch is a duplicate, never counted twice)
     */
    static List<TelemetryItem> read(JsonObject batch, Instant now, Duration oldest) {
        for (String key : batch.keySet()) {
            if (!BATCH_FIELDS.contains(key)) {
                throw refused(clip(key), "is not a field of a batch (" + String.join(", ", new java.util.TreeSet<>(BATCH_FIELDS))
                        + ")");
            }
        }
        String appVersion = text(batch, "appVersion", VERSION, "events");
        String platform = text(batch, "platform", PLATFORM, "events");
        String sessionId = text(batch, "sessionId", ID, "events");
        String userId = user(batch, "userId");
        if (!(batch.get("events") instanceof jakarta.json.JsonArray events)) {
            throw VigilException.invalid("events: a list of 1 to " + MAX_EVENTS + " events is required");
        }
        if (events.isEmpty() || events.size() > MAX_EVENTS) {
            throw VigilException.invalid("events: 1 to " + MAX_EVENTS + " per batch, not " + events.size());
        }
        long earliest = now.minus(oldest).toEpochMilli();
        long newest = now.plus(NEWEST).toEpochMilli();
        Set<String> versions = new java.util.HashSet<>();
        Set<String> signals = new java.util.HashSet<>();
        List<TelemetryItem> items = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            String where = "events[" + i + "]";
            if (!(events.get(i) instanceof JsonObject event)) {
                throw refused(where, "must be an object");
            }
            for (String key : event.keySet()) {
                if (!ITEM_FIELDS.contains(key)) {
                    throw refused(where + "." + clip(key), "is not a field of an event (" + String.join(", ",
                            new java.util.TreeSet<>(ITEM_FIELDS)) + ")");
                }
            }
            String id = required(event, "id", ID, where);
            String type = required(event, "type", SIGNAL, where);
            long at = at(event, where);
            if (at < earliest || at > newest) {
                throw refused(where + ".at", "must be within the last " + oldest.toHours() + " hours and not more than "
                        + NEWEST.toMinutes() + " minutes ahead of the server");
            }
            long value = value(event, where);
            String version = orDefault(text(event, "appVersion", VERSION, where), appVersion);
            if (version == null) {
                throw refused(where + ".appVersion", "is required (on the event or the batch)");
            }
            versions.add(version);
            signals.add(type);
            if (versions.size() > MAX_VERSIONS || signals.size() > MAX_SIGNALS) {
                throw refused(where, "takes the batch past " + MAX_VERSIONS + " app versions or " + MAX_SIGNALS
                        + " signals");
            }
            String session = orDefault(text(event, "sessionId", ID, where), sessionId);
            String status = status(event, type, where);
            if ((type.equals(TelemetryItem.SESSION_START) || type.equals(TelemetryItem.SESSION_END)) && session == null) {
                throw refused(where + ".sessionId", "is required for " + type);
            }
            items.add(new TelemetryItem(id, type, at, value, version,
                    orDefault(text(event, "platform", PLATFORM, where), platform), session,
                    orDefault(user(event, where + ".userId"), userId), status, attributes(event, where)));
        }
        return items;
    }

    private static long at(JsonObject event, String where) {
        if (!(event.get("at") instanceof JsonString text)) {
            throw refused(where + ".at", "is required: an instant like 2026-12-01T10:00:00Z");
        }
        try {
            return Times.instant(text.getString()).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw refused(where + ".at", "is not an instant like 2026-12-01T10:00:00Z");
        }
    }

    private static long value(JsonObject event, String where) {
        JsonValue value = event.get("value");
        if (value == null) {
            return 1;
        }
        if (!(value instanceof JsonNumber number) || !number.isIntegral() || number.bigIntegerValue().signum() < 0
                || number.bigIntegerValue().compareTo(java.math.BigInteger.valueOf(MAX_VALUE)) > 0) {
            throw refused(where + ".value", "must be a whole number from 0 to " + MAX_VALUE);
        }
        return number.longValueExact();
    }

    private static String status(JsonObject event, String type, String where) {
        JsonValue value = event.get("status");
        if (type.equals(TelemetryItem.SESSION_END)) {
            if (!(value instanceof JsonString text)) {
                throw refused(where + ".status", "is required for session.end: ok, errored, abnormal or crashed");
            }
            String status = text.getString();
            for (TelemetryItem.Status known : TelemetryItem.Status.values()) {
                if (known.label().equals(status)) {
                    return status;
                }
            }
            throw refused(where + ".status", "must be ok, errored, abnormal or crashed");
        }
        if (value != null) {
            throw refused(where + ".status", "belongs to session.end only");
        }
        return type.equals(TelemetryItem.SESSION_START) ? TelemetryItem.Status.OK.label() : null;
    }

    private static String attributes(JsonObject event, String where) {
        JsonValue value = event.get("attributes");
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonObject attributes) || attributes.size() > MAX_ATTRIBUTES) {
            throw refused(where + ".attributes", "must be an object of at most " + MAX_ATTRIBUTES + " entries");
        }
        for (var entry : attributes.entrySet()) {
            if (!ATTRIBUTE_KEY.matcher(entry.getKey()).matches()) {
                throw refused(where + ".attributes", "keys are 1 to 64 letters, digits, '.', '_' or '-'");
            }
            JsonValue.ValueType type = entry.getValue().getValueType();
            if (type == JsonValue.ValueType.OBJECT || type == JsonValue.ValueType.ARRAY) {
                throw refused(where + ".attributes." + entry.getKey(), "must be a string, number, boolean or null");
            }
            if (entry.getValue() instanceof JsonString text && text.getString().indexOf('\0') >= 0) {
                throw refused(where + ".attributes." + entry.getKey(), "may not hold U+0000");
            }
        }
        String compact = attributes.toString();
        if (compact.length() > MAX_ATTRIBUTES_CHARS) {
            throw refused(where + ".attributes", "at most " + MAX_ATTRIBUTES_CHARS + " characters as JSON");
        }
        return compact;
    }

    private static String required(JsonObject object, String field, Pattern pattern, String where) {
        String value = text(object, field, pattern, where);
        if (value == null) {
            throw refused(where + "." + field, "is required");
        }
        return value;
    }

    /** An optional text field matching its pattern, or null when absent. */
    private static String text(JsonObject object, String field, Pattern pattern, String where) {
        JsonValue value = object.get(field);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonString text) || !pattern.matcher(text.getString()).matches()) {
            throw refused(where.equals("events") ? field : where + "." + field, "must match " + pattern.pattern());
        }
        return text.getString();
    }

    private static String user(JsonObject object, String where) {
        JsonValue value = object.get("userId");
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonString text) || text.getString().isEmpty() || text.getString().length() > 100
                || text.getString().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw refused(where, "must be 1 to 100 characters without control characters");
        }
        return text.getString();
    }

    private static String orDefault(String value, String fallback) {
        return value != null ? value : fallback;
    }

    private static VigilException refused(String field, String message) {
        return new VigilException(ErrorCode.INVALID_REQUEST, field + " " + message,
                List.of(new Problem.FieldError(field, message)), null);
    }

    private static String clip(String text) {
        String printable = text.codePoints().filter(c -> c >= 0x20 && c != 0x7f).limit(64)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable;
    }
}
