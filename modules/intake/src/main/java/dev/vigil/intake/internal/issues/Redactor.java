package dev.vigil.intake.internal.issues;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from what apps send before it is stored or logged. A value under a key that
 * names a secret (token, secret, password, authorization, cookie, session, api key, ..., or a key
 * with a word auth, key or secret in it however the words are joined: {@code auth_key},
 * {@code basic-auth}, {@code clientSecret}) becomes {@code "[redacted]"}, whatever it is; so does
 * a string holding a credential wherever it appears: a bearer or Basic credential, a JWT, a Vigil /
 * GitHub / Slack / AWS / Stripe key, a private key block, a password in a URL
 * ({@code https://user:pass@host}), or a {@code key=value} / {@code key: value} pair whose key names
 * a secret (which covers secret query parameters such as {@code ?access_token=...}). In free text
 * (summary, description) only the secret part is replaced.
 */
public final class Redactor {

    public static final String REDACTED = "[redacted]";

    /** Found anywhere in a key (not only between line breaks, unlike {@code .*x.*}). */
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i)token|secret|passw(or)?d|passwd|pwd|authori[sz]ation|\\bauth\\b|cookie|session|api[-_ ]?key"
                    + "|apikey|private[-_ ]?key|credential|signature|bearer|access[-_ ]?key|client[-_ ]?secret");

    /** Words that make a key a secret's, however they are joined ({@code _}, {@code -}, {@code .}, camel case). */
    private static final Set<String> SECRET_WORDS = Set.of("auth", "key", "secret", "token", "password", "passwd",
            "pwd", "pass", "passphrase", "pin", "credential", "credentials", "signature", "sig", "cookie", "apikey",
            "bearer", "sid");
    private static final Pattern WORD_BOUNDARY = Pattern.compile("[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])");

    /**
     * A {@code key=value} or {@code key: value} pair (also {@code %3D}, and inside escaped JSON); the
     * key (group 1) is judged by {@link #isSecretKey}, group 2 is kept, group 3 is the value. Every
     * run is bounded and possessive, so the search is linear in the text (an unbounded run on both
     * sides of an alternation took seconds on a few kilobytes).
     */
    private static final Pattern PAIR = Pattern.compile(
            "(?<![A-Za-z0-9_.-])([A-Za-z][A-Za-z0-9_.-]{0,63}+)(\\\\?[\"']?\\s{0,4}+(?:[=:]|%3[Dd])\\s{0,4}+)"
                    + "(\\\\?\"[^\"\\\\]{0,256}+(?:\\\\?\")?|'[^']{0,256}+'?"
                    + "|(?i:(?:basic|bearer|token)\\s{1,4}+)?[^\\s&,;\"'<>\\\\]{1,512}+)");

    /** The user and password part of a URL ({@code scheme://user:password@host}); group 1 is replaced. */
    private static final Pattern URL_CREDENTIALS = Pattern.compile("(?<=://)([^/\\s:@]{0,256}+:[^/\\s]{1,256})@(?=[^@/\\s]+)");

    private static final Pattern CREDENTIAL = Pattern.compile(
            "(?i)bearer\\s+[A-Za-z0-9._~+/=-]{8,}"
                    + "|basic\\s+(?=[A-Za-z0-9+/]*[0-9+/=])[A-Za-z0-9+/]{8,}={0,2}"
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
    private static final List<String> CREDENTIAL_STARTS = List.of("bearer", "basic", "eyj", "vgl_", "ghp_", "gho_",
            "ghu_", "ghs_", "ghr_", "github_pat_", "xoxa-", "xoxb-", "xoxp-", "xoxr-", "xoxs-", "akia", "sk_live_",
            "sk_test_", "rk_live_", "rk_test_", "-----begin ", "://", "pass", "pwd", "pin", "secret", "token", "key",
            "auth", "credential", "sig", "cookie", "session", "sid");

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
        int[] found = new int[1];
        String redacted = replace(PAIR, text, found, m -> isSecretKey(m.group(1))
                ? m.group(1) + m.group(2) + REDACTED : null);
        redacted = replace(URL_CREDENTIALS, redacted, found, m -> REDACTED + "@");
        redacted = replace(CREDENTIAL, redacted, found, m -> REDACTED);
        return found[0] == 0 ? new Result<>(text, 0) : new Result<>(redacted, found[0]);
    }

    /**
     * Each match the rule replaces, counted; text already redacted is kept. A match the rule keeps
     * (null) is searched again from the end of its first group, so a pair such as
     * {@code failed: password=x} is not swallowed by its harmless start.
     */
    private static String replace(Pattern pattern, String text, int[] found, Function<Matcher, String> rule) {
        Matcher matcher = pattern.matcher(text);
        StringBuilder out = null;
        int copied = 0;
        int from = 0;
        while (from < text.length() && matcher.find(from)) {
            String replacement = matcher.group().endsWith(REDACTED) ? null : rule.apply(matcher);
            if (replacement == null) {
                from = matcher.groupCount() > 0 && matcher.end(1) > matcher.start() ? matcher.end(1) : matcher.end();
                continue;
            }
            out = out == null ? new StringBuilder(text.length()) : out;
            out.append(text, copied, matcher.start()).append(replacement);
            found[0]++;
            copied = matcher.end();
            from = Math.max(matcher.end(), matcher.start() + 1);
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    /** Whether free text holds anything {@link #redactText} would replace. */
    private static boolean holdsCredential(String text) {
        return mayHoldCredential(text) && redactText(text).redactions() > 0;
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
        boolean secret = SECRET_KEY.matcher(key).find() || hasSecretWord(key);
        if (key.length() <= MAX_JUDGED_KEY_LENGTH) {
            if (JUDGED_KEYS.size() >= MAX_JUDGED_KEYS) {
                JUDGED_KEYS.clear(); // an app sending ever new keys must not leave the others uncached
            }
            JUDGED_KEYS.put(key, secret);
        }
        return secret;
    }

    private static boolean hasSecretWord(String key) {
        for (String word : WORD_BOUNDARY.split(key)) {
            if (SECRET_WORDS.contains(word.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
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
                return holdsCredential(text) ? redactedOne(count) : value;
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
