package dev.vigil.alerting.internal.model;

import dev.vigil.kernel.api.Durations;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Maintenance windows and inhibition rules as stored (a JSON definition each), read back and checked.
 * <pre>{@code
 * {"name": "nightly-db", "matchers": ["team=\"db\""], "zone": "Europe/Berlin",
 *  "days": ["SAT", "SUN"], "start": "22:00", "end": "02:00"}
 * {"name": "backups", "matchers": ["job=\"backup\""], "zone": "UTC", "cron": "0 1 * * *", "duration": "2h"}
 * {"sourceMatchers": ["alertname=\"DatabaseDown\""], "targetMatchers": ["team=\"db\""], "equal": ["cluster"]}
 * }</pre>
 */
public final class MuteDefinitions {

    public static final int MAX_MATCHERS = 16;
    private static final Duration MAX_WINDOW = Duration.ofDays(7);

    private MuteDefinitions() {
    }

    /** @throws IllegalArgumentException saying what is wrong */
    public static List<Matcher> matchers(JsonObject json, String key, boolean required) {
        JsonValue value = json.get(key);
        if (value == null && !required) {
            return List.of();
        }
        if (!(value instanceof JsonArray list) || (required && list.isEmpty()) || list.size() > MAX_MATCHERS) {
            throw new IllegalArgumentException(key + " is a list of 1 to " + MAX_MATCHERS + " matchers like severity=\"critical\"");
        }
        List<Matcher> matchers = new ArrayList<>();
        for (JsonValue item : list) {
            if (!(item instanceof JsonString s)) {
                throw new IllegalArgumentException(key + " lists matchers as strings");
            }
            matchers.add(Matcher.parse(s.getString()));
        }
        return List.copyOf(matchers);
    }

    public static JsonArrayBuilder write(List<Matcher> matchers) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        matchers.forEach(m -> list.add(m.toString()));
        return list;
    }

    public static Mutes.Window window(String id, JsonObject json) {
        String name = text(json, "name", 100);
        List<Matcher> matchers = matchers(json, "matchers", true);
        ZoneId zone;
        try {
            zone = ZoneId.of(text(json, "zone", 64));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("zone is a named time zone like Europe/Berlin");
        }
        if (json.containsKey("cron")) {
            Duration duration;
            try {
                duration = Durations.parse(text(json, "duration", 16));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("duration is a duration like 2h");
            }
            if (duration.compareTo(Duration.ofMinutes(1)) < 0 || duration.compareTo(MAX_WINDOW) > 0) {
                throw new IllegalArgumentException("duration is between 1m and 7d");
            }
            return new Mutes.Window(id, name, matchers, Schedule.Cron.of(text(json, "cron", 100), duration, zone));
        }
        if (!(json.get("days") instanceof JsonArray days) || days.isEmpty() || days.size() > 7) {
            throw new IllegalArgumentException("A window has days (e.g. [\"SAT\", \"SUN\"]), start and end, or cron and duration");
        }
        Set<DayOfWeek> set = EnumSet.noneOf(DayOfWeek.class);
        for (JsonValue day : days) {
            set.add(day(day));
        }
        LocalTime start = time(json, "start");
        LocalTime end = time(json, "end");
        return new Mutes.Window(id, name, matchers, new Schedule.Weekly(set, start, end, zone));
    }

    public static Mutes.Inhibition inhibition(String id, JsonObject json) {
        List<Matcher> source = matchers(json, "sourceMatchers", true);
        List<Matcher> target = matchers(json, "targetMatchers", true);
        List<String> equal = new ArrayList<>();
        if (json.containsKey("equal")) {
            if (!(json.get("equal") instanceof JsonArray list) || list.size() > MAX_MATCHERS) {
                throw new IllegalArgumentException("equal is a list of at most " + MAX_MATCHERS + " label names");
            }
            for (JsonValue value : list) {
                if (!(value instanceof JsonString s) || !s.getString().matches("[a-zA-Z_][a-zA-Z0-9_]{0,127}")) {
                    throw new IllegalArgumentException("equal lists label names");
                }
                equal.add(s.getString());
            }
        }
        return new Mutes.Inhibition(id, source, target, List.copyOf(equal));
    }

    /** The definition as stored: only the fields that mean something, in their checked form. */
    public static JsonObject normalized(String kind, JsonObject json) {
        JsonObjectBuilder out = Json.createObjectBuilder();
        switch (kind) {
            case "window" -> {
                Mutes.Window window = window("check", json);
                out.add("name", window.name()).add("matchers", write(window.matchers())).add("zone", text(json, "zone", 64));
                if (window.schedule() instanceof Schedule.Cron cron) {
                    out.add("cron", cron.expression()).add("duration", text(json, "duration", 16));
                } else if (window.schedule() instanceof Schedule.Weekly weekly) {
                    JsonArrayBuilder days = Json.createArrayBuilder();
                    weekly.days().forEach(d -> days.add(d.name().substring(0, 3)));
                    out.add("days", days).add("start", weekly.start().toString()).add("end", weekly.end().toString());
                }
            }
            case "inhibition" -> {
                Mutes.Inhibition rule = inhibition("check", json);
                JsonArrayBuilder equal = Json.createArrayBuilder();
                rule.equal().forEach(equal::add);
                out.add("sourceMatchers", write(rule.source())).add("targetMatchers", write(rule.target())).add("equal", equal);
            }
            case "silence" -> out.add("matchers", write(matchers(json, "matchers", true)));
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        }
        return out.build();
    }

    private static DayOfWeek day(JsonValue value) {
        if (value instanceof JsonString s) {
            String text = s.getString().toUpperCase(Locale.ROOT);
            for (DayOfWeek day : DayOfWeek.values()) {
                if (day.name().equals(text) || day.name().substring(0, 3).equals(text)) {
                    return day;
                }
            }
        }
        throw new IllegalArgumentException("days are MON, TUE, WED, THU, FRI, SAT, SUN");
    }

    private static LocalTime time(JsonObject json, String key) {
        try {
            return LocalTime.parse(text(json, key, 8));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + " is a wall-clock time like 22:00");
        }
    }

    private static String text(JsonObject json, String key, int max) {
        if (!(json.get(key) instanceof JsonString s) || s.getString().isBlank() || s.getString().length() > max) {
            throw new IllegalArgumentException(key + " is required: a text of 1 to " + max + " characters");
        }
        return s.getString();
    }
}
