package dev.vigil.intake.internal.issues;

import dev.vigil.kernel.api.Times;
import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.Problem.FieldError;
import dev.vigil.kernel.api.VigilException;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a report strictly: a field of the wrong JSON type is an error naming it, never coerced
 * (JSON-B would turn {@code "summary": 42} into {@code "42"}). Sizes are checked afterwards by
 * bean validation and {@link FreeFormLimits}.
 */
final class ReportReader {

    private final List<FieldError> errors = new ArrayList<>();

    private ReportReader() {
    }

    static IssueReport read(JsonStructure body) {
        if (body == null || body.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new VigilException(ErrorCode.INVALID_JSON, "The report must be a JSON object");
        }
        ReportReader reader = new ReportReader();
        IssueReport report = reader.report(body.asJsonObject());
        if (!reader.errors.isEmpty()) {
            throw new VigilException(ErrorCode.INVALID_REQUEST, "The report has fields of the wrong type",
                    List.copyOf(reader.errors), null);
        }
        return report;
    }

    private IssueReport report(JsonObject o) {
        JsonObject app = object(o, "app", "app");
        JsonObject device = object(o, "device", "device");
        return new IssueReport(string(o, "summary", "summary"), string(o, "description", "description"),
                string(o, "clientReportId", "clientReportId"), strings(o, "fingerprint"),
                app == null ? null : new IssueReport.AppInfo(string(app, "version", "app.version"),
                        string(app, "build", "app.build"), string(app, "channel", "app.channel")),
                device == null ? null : new IssueReport.DeviceInfo(string(device, "model", "device.model"),
                        string(device, "os", "device.os"), string(device, "osVersion", "device.osVersion"),
                        string(device, "locale", "device.locale")),
                events(o), object(o, "uploadQueue", "uploadQueue"), object(o, "flags", "flags"),
                object(o, "metadata", "metadata"));
    }

    private List<IssueReport.ReliabilityEvent> events(JsonObject o) {
        JsonArray array = array(o, "events");
        if (array == null) {
            return null;
        }
        if (array.size() > IssueReport.MAX_EVENTS) {
            errors.add(new FieldError("events", "at most " + IssueReport.MAX_EVENTS + " events"));
            return null;
        }
        List<IssueReport.ReliabilityEvent> events = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String field = "events[" + i + "]";
            JsonValue item = array.get(i);
            if (item.getValueType() != JsonValue.ValueType.OBJECT) {
                errors.add(new FieldError(field, "must be an object"));
                continue;
            }
            JsonObject event = item.asJsonObject();
            events.add(new IssueReport.ReliabilityEvent(string(event, "type", field + ".type"),
                    instant(event, "at", field + ".at"), object(event, "attributes", field + ".attributes")));
        }
        return events;
    }

    private String string(JsonObject o, String name, String field) {
        JsonValue value = o.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.STRING) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        return ((JsonString) value).getString();
    }

    private List<String> strings(JsonObject o, String name) {
        JsonArray array = array(o, name);
        if (array == null) {
            return null;
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i).getValueType() != JsonValue.ValueType.STRING) {
                errors.add(new FieldError(name + "[" + i + "]", "must be a string"));
            } else {
                values.add(array.getString(i));
            }
        }
        return values;
    }

    private Instant instant(JsonObject o, String name, String field) {
        String text = string(o, name, field);
        if (text == null) {
            return null;
        }
        try {
            return Times.instant(text);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be a time like 2026-11-23T10:00:00Z"));
            return null;
        }
    }

    private JsonObject object(JsonObject o, String name, String field) {
        JsonValue value = o.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            errors.add(new FieldError(field, "must be an object"));
            return null;
        }
        return value.asJsonObject();
    }

    private JsonArray array(JsonObject o, String name) {
        JsonValue value = o.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.ARRAY) {
            errors.add(new FieldError(name, "must be an array"));
            return null;
        }
        return value.asJsonArray();
    }
}
