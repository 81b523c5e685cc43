package dev.vigil.intake.internal.issues;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    /** Whether a key names a secret. */
    public static boolean isSecretKey(String key) {
        return SECRET_KEY.matcher(key).find();
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

    private static JsonValue walk(JsonValue value, int[] count) {
        switch (value.getValueType()) {
            case OBJECT -> {
                JsonObjectBuilder out = Jsons.PROVIDER.createObjectBuilder();
                for (Map.Entry<String, JsonValue> entry : value.asJsonObject().entrySet()) {
                    if (isSecretKey(entry.getKey()) && entry.getValue().getValueType() != JsonValue.ValueType.NULL) {
                        count[0]++;
                        out.add(entry.getKey(), REDACTED);
                    } else {
                        out.add(entry.getKey(), walk(entry.getValue(), count));
                    }
                }
                return out.build();
            }
            case ARRAY -> {
                JsonArrayBuilder out = Jsons.PROVIDER.createArrayBuilder();
                for (JsonValue item : value.asJsonArray()) {
                    out.add(walk(item, count));
                }
                return out.build();
            }
            case STRING -> {
                String text = ((JsonString) value).getString();
                if (mayHoldCredential(text) && CREDENTIAL.matcher(text).find()) {
                    count[0]++;
                    return Jsons.PROVIDER.createValue(REDACTED);
                }
                return value;
            }
            default -> {
                return value;
            }
        }
    }
}
