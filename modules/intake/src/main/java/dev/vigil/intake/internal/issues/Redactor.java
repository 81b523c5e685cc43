package dev.vigil.intake.internal.issues;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Removes secrets from what apps send before it is stored or logged. A value under a key that
 * names a secret (token, secret, password, authorization, cookie, session, api key, ...) becomes
 * {@code "[redacted]"}, whatever it is; so does a string that looks like a credential (bearer
 * token, JWT, Vigil / GitHub / Slack / AWS / Stripe key, private key block) wherever it appears.
 * In free text (summary, description) only the credential-looking part is replaced.
 */
public final class Redactor {

    public static final String REDACTED = "[redacted]";

    /** Found anywhere in a key (not only between line breaks, unlike {@code .*x.*}). */
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i)token|secret|passw(or)?d|passwd|pwd|authori[sz]ation|\\bauth\\b|cookie|session|api[-_ ]?key"
                    + "|apikey|private[-_ ]?key|credential|signature|bearer|access[-_ ]?key|client[-_ ]?secret");

    private static final Pattern CREDENTIAL = Pattern.compile(
            "(?i)bearer\\s+[A-Za-z0-9._~+/=-]{8,}"
                    + "|eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*"
                    + "|vgl_[A-Za-z0-9]+_[A-Za-z0-9_-]{8,}"
                    + "|gh[pousr]_[A-Za-z0-9]{20,}"
                    + "|github_pat_[A-Za-z0-9_]{20,}"
                    + "|xox[abprs]-[A-Za-z0-9-]{10,}"
                    + "|AKIA[0-9A-Z]{16}"
                    + "|[sr]k_(live|test)_[A-Za-z0-9]{10,}"
                    + "|-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)");

    /**
     * What every {@link #CREDENTIAL} alternative starts with, lower case. Text holding none of them
     * cannot match, and is let through after a few {@code indexOf}s instead of a regex search at
     * every position (most text: reports are mostly prose).
     */
    private static final List<String> CREDENTIAL_STARTS = List.of("bearer", "eyj", "vgl_", "ghp_", "gho_", "ghu_",
            "ghs_", "ghr_", "github_pat_", "xoxa-", "xoxb-", "xoxp-", "xoxr-", "xoxs-", "akia", "sk_live_", "sk_test_",
            "rk_live_", "rk_test_", "-----begin ");

    /** A redacted value and how many replacements were made in it. */
    public record Result<T>(T value, int redactions) {
    }

    private Redactor() {
    }

    /** Redacts a JSON tree (flags, metadata, event attributes, upload-queue snapshot). */
    public static Result<JsonValue> redact(JsonValue value) {
        int[] count = new int[1];
        JsonValue redacted = walk(value, count);
        return new Result<>(redacted, count[0]);
    }

    /** Redacts credential-looking parts of free text; null stays null. */
    public static Result<String> redactText(String text) {
        if (text == null) {
            return new Result<>(null, 0);
        }
        if (!mayHoldCredential(text)) {
            return new Result<>(text, 0);
        }
        var matcher = CREDENTIAL.matcher(text);
        int found = 0;
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            found++;
            matcher.appendReplacement(out, REDACTED);
        }
        if (found == 0) {
            return new Result<>(text, 0);
        }
        matcher.appendTail(out);
        return new Result<>(out.toString(), found);
    }

    /**
     * Keys already judged. Apps send the same few keys in every report, and the key pattern is a
     * case-insensitive search for ~20 words; bounded, because keys come from clients.
     */
    private static final Map<String, Boolean> JUDGED_KEYS = new ConcurrentHashMap<>();
    private static final int MAX_JUDGED_KEYS = 10_000;
    private static final int MAX_JUDGED_KEY_LENGTH = 64;

    /** Whether a key names a secret. */
    public static boolean isSecretKey(String key) {
        Boolean judged = JUDGED_KEYS.get(key);
        if (judged != null) {
            return judged;
        }
        boolean secret = SECRET_KEY.matcher(key).find();
        if (key.length() <= MAX_JUDGED_KEY_LENGTH) {
            if (JUDGED_KEYS.size() >= MAX_JUDGED_KEYS) {
                JUDGED_KEYS.clear(); // an app sending ever new keys must not leave the others uncached
            }
            JUDGED_KEYS.put(key, secret);
        }
        return secret;
    }

    static boolean mayHoldCredential(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String start : CREDENTIAL_STARTS) {
            if (lower.contains(start)) {
                return true;
            }
        }
        return false;
    }

    /** The value with its secrets replaced; the same instance when it holds none (most do). */
    private static JsonValue walk(JsonValue value, int[] count) {
        switch (value.getValueType()) {
            case OBJECT -> {
                JsonObjectBuilder out = null;
                for (Map.Entry<String, JsonValue> entry : value.asJsonObject().entrySet()) {
                    JsonValue item = entry.getValue();
                    JsonValue kept = isSecretKey(entry.getKey()) && item.getValueType() != JsonValue.ValueType.NULL
                            ? redactedOne(count) : walk(item, count);
                    if (kept != item && out == null) {
                        out = Jsons.PROVIDER.createObjectBuilder(value.asJsonObject());
                    }
                    if (out != null) {
                        out.add(entry.getKey(), kept);
                    }
                }
                return out == null ? value : out.build();
            }
            case ARRAY -> {
                List<JsonValue> items = value.asJsonArray();
                JsonArrayBuilder out = null;
                for (int i = 0; i < items.size(); i++) {
                    JsonValue item = items.get(i);
                    JsonValue kept = walk(item, count);
                    if (kept != item && out == null) {
                        out = Jsons.PROVIDER.createArrayBuilder();
                        items.subList(0, i).forEach(out::add);
                    }
                    if (out != null) {
                        out.add(kept);
                    }
                }
                return out == null ? value : out.build();
            }
            case STRING -> {
                String text = ((JsonString) value).getString();
                return mayHoldCredential(text) && CREDENTIAL.matcher(text).find() ? redactedOne(count) : value;
            }
            default -> {
                return value;
            }
        }
    }

    private static JsonValue redactedOne(int[] count) {
        count[0]++;
        return Jsons.PROVIDER.createValue(REDACTED);
    }
}
