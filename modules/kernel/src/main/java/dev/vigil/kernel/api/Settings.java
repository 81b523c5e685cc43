package dev.vigil.kernel.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads raw strings and checks them, so a wrong value becomes one line naming the key instead of a
 * conversion stack trace. A bad value falls back to the default and is reported as a problem. In
 * the kernel so that every module's settings are checked and reported in the same words.
 */
public final class Settings {

    private final Function<String, Optional<String>> source;
    private final List<String> problems = new ArrayList<>();

    public Settings(Function<String, Optional<String>> source) {
        this.source = source;
    }

    public long number(String key, long defaultValue, long min, long max) {
        Optional<String> raw = text(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            long value = Long.parseLong(raw.get().trim());
            if (value < min || value > max) {
                problems.add(key + " must be between " + min + " and " + max + " (is " + value + ")");
                return defaultValue;
            }
            return value;
        } catch (NumberFormatException e) {
            problems.add(key + " must be a whole number (is '" + raw.get() + "')");
            return defaultValue;
        }
    }

    /** A secret: checked for length, never echoed in a problem. */
    public Optional<String> secret(String key, int minLength) {
        Optional<String> raw = text(key);
        if (raw.isPresent() && raw.get().length() < minLength) {
            problems.add(key + " must be at least " + minLength + " characters long");
            return Optional.empty();
        }
        return raw;
    }

    public Optional<String> text(String key) {
        return source.apply(key).filter(v -> !v.isBlank());
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }
}
