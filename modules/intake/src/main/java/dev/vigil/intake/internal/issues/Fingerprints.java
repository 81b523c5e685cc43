package dev.vigil.intake.internal.issues;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which group a report folds into: the client's fingerprint if it sent one, else the app, the
 * normalised summary (case, numbers, ids and whitespace do not matter) and the report's dominant
 * event types (the three most frequent). Always scoped to the app: two apps never share a group.
 */
final class Fingerprints {

    static final int DOMINANT_TYPES = 3;
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern HEX_OR_NUMBER = Pattern.compile("\\b(0x)?[0-9a-f]*[0-9][0-9a-f]*\\b");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private Fingerprints() {
    }

    static String of(String appId, List<String> clientFingerprint, String summary, List<String> eventTypes) {
        List<String> parts = clientFingerprint != null && !clientFingerprint.isEmpty()
                ? clientFingerprint.stream().map(p -> "c:" + p).toList()
                : List.of("s:" + normalise(summary),
                        "e:" + String.join(",", dominant(eventTypes).stream().sorted().toList()));
        return sha256(appId + "\n" + String.join("\n", parts));
    }

    static String normalise(String summary) {
        String text = summary == null ? "" : summary.toLowerCase(Locale.ROOT);
        text = UUID.matcher(text).replaceAll("#");
        text = HEX_OR_NUMBER.matcher(text).replaceAll("#");
        text = SPACES.matcher(text).replaceAll(" ").trim();
        return text.length() <= 120 ? text : text.substring(0, 120);
    }

    /** The most frequent event types, most frequent first, ties by name. */
    static List<String> dominant(List<String> eventTypes) {
        Map<String, Long> counts = eventTypes.stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(DOMINANT_TYPES).map(Map.Entry::getKey).toList();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                    text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
