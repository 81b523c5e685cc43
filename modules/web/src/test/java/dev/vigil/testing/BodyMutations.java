package dev.vigil.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hostile JSON bodies, most of them made from the operation's own example so that one thing is
 * wrong at a time: broken syntax, wrong types, deep nesting, huge strings, keys and counts,
 * invalid UTF-8, lone surrogates, NUL, out-of-range numbers, other encodings.
 */
final class BodyMutations extends Mutations {

    private static final Pattern STRING_TOKEN = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern VALUE_TOKEN = Pattern.compile(
            "(?<=:)\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|-?\\d[\\d.eE+-]*|true|false|null|\\{}|\\[])");

    BodyMutations(Random random) {
        super(random);
    }

    // --- bodies

    void apply(Draft d) {
        WireRequest r = d.request;
        if (!r.hasHeader("Content-Type")) {
            r.header("Content-Type", "application/json");
        }
        String example = d.op.takesBody() ? unique(d.op.example(), d.index) : "{\"name\":\"x\"}";
        int roll = random.nextInt(11);
        switch (roll) {
            case 0 -> {
                String[] broken = {"{", "}", "{\"a\":}", "{\"a\" 1}", "{'name':'x'}", "{\"name\":\"x\",}", "[1,2",
                    "{\"name\":\"x\"}}", "{\"name\":\"x\"} trailing", "nul", "tru", "\"unterminated", "{\"name\":\"\\q\"}",
                    "{\"name\":\"\\u12\"}", "", " ", "\n", "{\"a\":1}{\"b\":2}", "{,}", "{\"\":}", "NaN", "Infinity",
                    "-", "01", "1.", ".5", "+1", "0x10", "{\"name\":\"tab\traw\"}", "{\"name\":\"line\nraw\"}",
                    "{\"name\":undefined}", "{name:\"x\"}", "/* c */{}", "{\"name\":\"x\" /* c */}", "[,]", "{\"a\":[}"};
                String pick = pick(broken);
                tag(d, "body:broken-json", pick);
                r.body = pick.getBytes(StandardCharsets.UTF_8);
            }
            case 1 -> {
                int cut = Math.max(1, random.nextInt(Math.max(2, example.length())));
                tag(d, "body:truncated", Integer.toString(cut));
                r.body = example.substring(0, Math.min(cut, example.length() - 1)).getBytes(StandardCharsets.UTF_8);
            }
            case 2 -> wrongType(d, example);
            case 3 -> deepNesting(d, example);
            case 4 -> hugeString(d, example);
            case 5 -> invalidUtf8(d, example);
            case 6 -> loneSurrogate(d, example);
            case 7 -> nul(d, example);
            case 8 -> numbers(d, example);
            case 9 -> encodings(d, example);
            default -> shapes(d, example);
        }
    }

    /** The body kinds a sweep sends to every operation that takes a body. */
    static final List<String> SWEEP = List.of("invalid-utf8", "lone-surrogate", "nul", "deep", "huge-string",
            "wrong-type", "huge-number");

    /** One body of a kind, as a sweep sends it. */
    void sweep(Draft d, String kind) {
        String example = unique(d.op.example(), d.index);
        byte[] body = switch (kind) {
            case "invalid-utf8" -> replaceString(example, HexFormat.of().parseHex("61C0AF"));
            case "lone-surrogate" -> replaceString(example, "\\ud800".getBytes(StandardCharsets.US_ASCII));
            case "nul" -> replaceString(example, "a\\u0000b".getBytes(StandardCharsets.US_ASCII));
            case "deep" -> ("[".repeat(1_000) + "]".repeat(1_000)).getBytes(StandardCharsets.US_ASCII);
            case "huge-string" -> replaceString(example, "x".repeat(100_001).getBytes(StandardCharsets.US_ASCII));
            case "wrong-type" -> replaceValue(example, "[]".getBytes(StandardCharsets.US_ASCII));
            case "huge-number" -> replaceValue(example, "1e999999999".getBytes(StandardCharsets.US_ASCII));
            default -> throw new IllegalArgumentException(kind);
        };
        tag(d, "body:" + kind, "sweep");
        d.request.body = body;
    }

    void wrongType(Draft d, String example) {
        String[] wrong = {"123", "-1", "1.5", "true", "false", "null", "[]", "{}", "\"str\"", "[1,\"a\"]",
            "{\"x\":{}}", "1e308", "99999999999999999999", "\"\"", "[null]", "0"};
        String value = pick(wrong);
        if (chance(0.3)) {
            String[] whole = {"[]", "\"string\"", "42", "null", "true", "[{}]", "[" + example + "]", "{\"\":" + example + "}"};
            String body = pick(whole);
            tag(d, "body:wrong-type-document", body.length() > 40 ? body.substring(0, 40) : body);
            d.request.body = body.getBytes(StandardCharsets.UTF_8);
            return;
        }
        tag(d, "body:wrong-type", value);
        d.request.body = replaceValue(example, value.getBytes(StandardCharsets.UTF_8));
    }

    void deepNesting(Draft d, String example) {
        int[] depths = {33, 64, 200, 1_000, 10_000, 100_000};
        int depth = pick(depths);
        String[] shapes = {"array", "object", "unclosed", "in-field"};
        String shape = pick(shapes);
        tag(d, "body:deep-" + shape, Integer.toString(depth));
        String nested = switch (shape) {
            case "array" -> "[".repeat(depth) + "]".repeat(depth);
            case "object" -> "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            case "unclosed" -> "[".repeat(depth);
            default -> new String(replaceValue(example, ("[".repeat(depth) + "]".repeat(depth))
                    .getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        };
        d.request.body = nested.getBytes(StandardCharsets.UTF_8);
    }

    void hugeString(Draft d, String example) {
        int[] lengths = {256, 1_001, 5_000, 65_536, 99_999, 100_001, 300_000, 1_100_000};
        int length = pick(lengths);
        String unit = chance(0.8) ? "x" : chance(0.5) ? "\uD83D\uDCA9" : "\u00e9";
        int kind = random.nextInt(4);
        byte[] huge = unit.repeat(unit.length() == 1 ? length : Math.max(1, length / 2)).getBytes(StandardCharsets.UTF_8);
        switch (kind) {
            case 0, 1 -> {
                tag(d, "body:huge-string", length + " x U+" + Integer.toHexString(unit.codePointAt(0)));
                d.request.body = replaceString(example, huge);
            }
            case 2 -> {
                tag(d, "body:huge-key", Integer.toString(length));
                d.request.body = replaceKey(example, huge);
            }
            default -> {
                int count = pick(new int[] {1_000, 20_000, 100_000});
                boolean array = chance(0.5);
                tag(d, array ? "body:huge-array" : "body:many-fields", Integer.toString(count));
                StringBuilder many = new StringBuilder();
                for (int i = 0; i < count; i++) {
                    many.append(i == 0 ? "" : ",").append(array ? "1" : "\"f" + i + "\":1");
                }
                d.request.body = replaceValue(example, (array ? "[" + many + "]" : "{" + many + "}")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static final String[] INVALID_UTF8 = {"C328", "A0A1", "E228A1", "E28228", "F0288CBC", "F8A1A1A1A1", "FF",
        "FEFF", "C0AF", "E080AF", "EDA080", "EDBFBF", "F4908080", "80", "C2", "E282"};

    void invalidUtf8(Draft d, String example) {
        String hex = pick(INVALID_UTF8);
        byte[] bad = HexFormat.of().parseHex(hex);
        int where = random.nextInt(4);
        switch (where) {
            case 0, 1 -> {
                tag(d, "body:invalid-utf8-in-string", hex);
                d.request.body = replaceString(example, concat("a".getBytes(StandardCharsets.US_ASCII), bad));
            }
            case 2 -> {
                tag(d, "body:invalid-utf8-in-key", hex);
                d.request.body = replaceKey(example, bad);
            }
            default -> {
                tag(d, "body:invalid-utf8-at-end", hex);
                d.request.body = concat(example.getBytes(StandardCharsets.UTF_8), bad);
            }
        }
    }

    void loneSurrogate(Draft d, String example) {
        String[] escapes = {"\\ud800", "\\udfff", "\\ud800\\u0041", "\\udc00\\ud800", "x\\ud83d", "\\uD800",
            "\\ud800\\ud800", "\\udbff"};
        String escape = pick(escapes);
        boolean key = chance(0.25);
        tag(d, key ? "body:lone-surrogate-in-key" : "body:lone-surrogate", escape);
        byte[] bytes = escape.getBytes(StandardCharsets.US_ASCII);
        d.request.body = key ? replaceKey(example, bytes) : replaceString(example, bytes);
    }

    void nul(Draft d, String example) {
        int kind = random.nextInt(5);
        switch (kind) {
            case 0 -> {
                tag(d, "body:nul-escaped", "\\u0000");
                d.request.body = replaceString(example, "a\\u0000b".getBytes(StandardCharsets.US_ASCII));
            }
            case 1 -> {
                tag(d, "body:nul-escaped-key", "\\u0000");
                d.request.body = replaceKey(example, "\\u0000".getBytes(StandardCharsets.US_ASCII));
            }
            case 2 -> {
                tag(d, "body:nul-raw-in-string", "00");
                d.request.body = replaceString(example, new byte[] {'a', 0, 'b'});
            }
            case 3 -> {
                tag(d, "body:nul-raw-outside", "00");
                d.request.body = concat(example.getBytes(StandardCharsets.UTF_8), new byte[] {0});
            }
            default -> {
                String[] controls = {"\\u0001", "\\u001f", "\\u007f", "\\u2028", "\\ufeff", "\\uffff", "\\u202e"};
                String c = pick(controls);
                tag(d, "body:control-escaped", c);
                d.request.body = replaceString(example, ("a" + c).getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    void numbers(Draft d, String example) {
        String[] numbers = {"1e999999999", "-1e-999999", "123456789012345678901234567890", "1" + "0".repeat(64),
            "1e9999999999", "-0", "1E400", "4.9e-325", "9223372036854775808", "-2147483649", "0.1e-2147483648",
            "1" + "0".repeat(63)};
        String n = pick(numbers);
        tag(d, "body:number", n.length() > 30 ? n.charAt(0) + "0{" + (n.length() - 1) + "}" : n);
        d.request.body = replaceValue(example, n.getBytes(StandardCharsets.US_ASCII));
    }

    void encodings(Draft d, String example) {
        int kind = random.nextInt(4);
        switch (kind) {
            case 0 -> {
                tag(d, "body:bom", "EFBBBF");
                d.request.body = concat(HexFormat.of().parseHex("EFBBBF"), example.getBytes(StandardCharsets.UTF_8));
            }
            case 1 -> {
                tag(d, "body:utf-16", "with BOM");
                d.request.body = example.getBytes(StandardCharsets.UTF_16);
            }
            case 2 -> {
                tag(d, "body:utf-16le", "no BOM");
                d.request.body = example.getBytes(StandardCharsets.UTF_16LE);
            }
            default -> {
                tag(d, "body:latin-1", "E9");
                d.request.body = replaceString(example, "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
            }
        }
    }

    void shapes(Draft d, String example) {
        int kind = random.nextInt(6);
        switch (kind) {
            case 0 -> {
                tag(d, "body:empty", "");
                d.request.body = new byte[0];
            }
            case 1 -> {
                tag(d, "body:duplicate-keys", "");
                String inner = example.trim();
                inner = inner.length() > 2 ? inner.substring(1, inner.length() - 1) : "\"name\":\"a\"";
                d.request.body = ("{" + inner + "," + inner + "}").getBytes(StandardCharsets.UTF_8);
            }
            case 2 -> {
                tag(d, "body:form-encoded", "");
                d.request.body = "name=x&summary=y".getBytes(StandardCharsets.US_ASCII);
            }
            case 3 -> {
                tag(d, "body:unknown-fields", "");
                d.request.body = replaceKey(example, "__proto__".getBytes(StandardCharsets.US_ASCII));
            }
            case 4 -> {
                tag(d, "body:random-bytes", "");
                byte[] bytes = new byte[1 + random.nextInt(512)];
                random.nextBytes(bytes);
                d.request.body = bytes;
            }
            default -> {
                tag(d, "body:emoji-string", "");
                d.request.body = replaceString(example,
                        "\uD83D\uDCA9\u202e\u200b\u0301".repeat(50 + random.nextInt(100)).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    // ---------------------------------------------------------------- JSON surgery on examples

    /** The example with one string token (a key or a value) replaced by {@code "<raw>"}. */
    byte[] replaceString(String example, byte[] raw) {
        List<int[]> tokens = tokens(STRING_TOKEN, example);
        if (tokens.isEmpty()) {
            return concat("{\"name\":\"".getBytes(StandardCharsets.US_ASCII), raw, "\"}".getBytes(StandardCharsets.US_ASCII));
        }
        // Prefer values (the token after a colon), where a resource reads the text.
        List<int[]> values = tokens.stream().filter(t -> precededByColon(example, t[0])).toList();
        int[] t = pick(values.isEmpty() ? tokens : values);
        return splice(example, t[0], t[1], concat(new byte[] {'"'}, raw, new byte[] {'"'}));
    }

    /** The example with an added first field whose key is {@code raw}. */
    byte[] replaceKey(String example, byte[] raw) {
        String trimmed = example.trim();
        byte[] field = concat(new byte[] {'"'}, raw, "\":1".getBytes(StandardCharsets.US_ASCII));
        if (!trimmed.startsWith("{")) {
            return concat(new byte[] {'{'}, field, new byte[] {'}'});
        }
        String rest = trimmed.substring(1).trim();
        return concat(new byte[] {'{'}, field, (rest.startsWith("}") ? "" : ",").getBytes(StandardCharsets.US_ASCII),
                rest.getBytes(StandardCharsets.UTF_8));
    }

    /** The example with one member value replaced by {@code raw}. */
    byte[] replaceValue(String example, byte[] raw) {
        List<int[]> tokens = new ArrayList<>();
        Matcher m = VALUE_TOKEN.matcher(example);
        while (m.find()) {
            tokens.add(new int[] {m.start(1), m.end(1)});
        }
        if (tokens.isEmpty()) {
            return concat("{\"name\":".getBytes(StandardCharsets.US_ASCII), raw, new byte[] {'}'});
        }
        int[] t = pick(tokens);
        return splice(example, t[0], t[1], raw);
    }

    private static boolean precededByColon(String text, int at) {
        int i = at - 1;
        while (i >= 0 && Character.isWhitespace(text.charAt(i))) {
            i--;
        }
        return i >= 0 && text.charAt(i) == ':';
    }

    private static List<int[]> tokens(Pattern pattern, String text) {
        List<int[]> tokens = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            tokens.add(new int[] {m.start(), m.end()});
        }
        return tokens;
    }

    private static byte[] splice(String text, int start, int end, byte[] raw) {
        return concat(text.substring(0, start).getBytes(StandardCharsets.UTF_8), raw,
                text.substring(end).getBytes(StandardCharsets.UTF_8));
    }
}
