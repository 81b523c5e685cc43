package dev.vigil.alerting.internal.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The limits on an alert's labels and annotations, and its identity. Label and annotation names
 * are Prometheus label names; every size is bounded so no caller can make a row or a route match
 * grow without end.
 */
public final class Labels {

    public static final int MAX_LABELS = 64;
    public static final int MAX_NAME = 128;
    public static final int MAX_LABEL_VALUE = 1024;
    public static final int MAX_LABELS_CHARS = 8192;
    public static final int MAX_ANNOTATIONS = 32;
    public static final int MAX_ANNOTATION_VALUE = 4096;
    public static final int MAX_ANNOTATIONS_CHARS = 16384;
    public static final int MAX_DEDUP_KEY = 255;
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private Labels() {
    }

    /** @throws IllegalArgumentException naming the first limit the labels break */
    public static void checkLabels(Map<String, String> labels) {
        check("label", labels, MAX_LABELS, MAX_LABEL_VALUE, MAX_LABELS_CHARS);
    }

    /** @throws IllegalArgumentException naming the first limit the annotations break */
    public static void checkAnnotations(Map<String, String> annotations) {
        check("annotation", annotations, MAX_ANNOTATIONS, MAX_ANNOTATION_VALUE, MAX_ANNOTATIONS_CHARS);
    }

    private static void check(String what, Map<String, String> entries, int maxCount, int maxValue, int maxTotal) {
        if (entries.size() > maxCount) {
            throw new IllegalArgumentException("At most " + maxCount + " " + what + "s (there are " + entries.size() + ")");
        }
        int total = 0;
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            String name = entry.getKey();
            if (name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("A " + what + " name is a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*,"
                        + " at most " + MAX_NAME + " characters)");
            }
            String value = entry.getValue();
            if (value == null) {
                throw new IllegalArgumentException("The " + what + " '" + name + "' has no value");
            }
            if (value.length() > maxValue) {
                throw new IllegalArgumentException("The " + what + " '" + name + "' is longer than " + maxValue + " characters");
            }
            total += name.length() + value.length() + 8;
        }
        if (total > maxTotal) {
            throw new IllegalArgumentException("The " + what + "s together are longer than " + maxTotal + " characters");
        }
    }

    /**
     * An alert's identity, 64 hex digits: SHA-256 over who raised it (an app's alerts never meet
     * another app's or Vigil's own) and its dedup key, else its labels sorted by name.
     */
    public static String identity(String scope, String dedupKey, Map<String, String> labels) {
        StringBuilder text = new StringBuilder(scope).append('\n');
        if (dedupKey != null) {
            text.append("key\n").append(dedupKey);
        } else {
            text.append("labels\n");
            new TreeMap<>(labels).forEach((name, value) -> text.append(name).append('\0').append(value).append('\0'));
        }
        return sha256(text.toString());
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
