package dev.vigil.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

/**
 * Hostile headers: wrong and duplicate content types, framing that lies (Content-Length,
 * Transfer-Encoding), huge and odd headers, bad Authorization shapes and Idempotency-Keys.
 * Failed authentications of shapes that all count against one shared bucket ("malformed" key or
 * user) are kept few, so that a run does not lock out other tests' callers.
 */
final class HeaderMutations extends Mutations {

    private static final int SHARED_BUCKET_BUDGET = 40;

    private int sharedBucketUses;

    HeaderMutations(Random random) {
        super(random);
    }

    // --- headers

    void contentType(Draft d) {
        WireRequest r = d.request;
        if (r.body == null) {
            r.body = (d.op.takesBody() ? unique(d.op.example(), d.index) : "{}").getBytes(StandardCharsets.UTF_8);
        }
        int kind = random.nextInt(4);
        if (kind == 0) {
            String[][] pairs = {{"application/json", "text/plain"}, {"text/plain", "application/json"},
                {"application/json", "application/json"}, {"application/xml", "application/json"},
                {"application/json", ""}};
            String[] pair = pick(pairs);
            tag(d, "content-type:duplicate", pair[0] + " + " + pair[1]);
            r.removeHeader("Content-Type");
            r.header("Content-Type", pair[0]).header("Content-Type", pair[1]);
            return;
        }
        if (kind == 1 && chance(0.3)) {
            tag(d, "content-type:missing", "");
            r.removeHeader("Content-Type");
            return;
        }
        String[] types = {"text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data",
            "application/json; charset=ISO-8859-1", "application/json; charset=utf-16", "application/json; charset=bogus",
            "application/json;;;", "application/", "/json", "*/*", "application/*", "", "application/json, text/plain",
            "application/merge-patch+json", "application/problem+json", "APPLICATION/JSON", "application/json; a=" + "b".repeat(10_000),
            "application/json\u0000", WireRequest.wire("application/js\u00f6n"), "application/json; charset=\"utf-8",
            "text/html; charset=utf-8", "application/octet-stream", "application/json; boundary=--x",
            "application/json\u0001", "application/x-java-serialized-object", "\tapplication/json"};
        String type = pick(types);
        tag(d, "content-type:wrong", type.length() > 40 ? type.substring(0, 40) + "..." : type);
        r.replaceHeader("Content-Type", type);
    }

    void framing(Draft d) {
        WireRequest r = d.request;
        if (r.body == null) {
            r.body = (d.op.takesBody() ? unique(d.op.example(), d.index) : "{\"a\":1}").getBytes(StandardCharsets.UTF_8);
            if (!r.hasHeader("Content-Type")) {
                r.header("Content-Type", "application/json");
            }
        }
        r.removeHeader("Content-Length");
        r.removeHeader("Transfer-Encoding");
        r.framedByHand = true;
        d.framingLie = true;
        int length = r.body.length;
        int kind = random.nextInt(12);
        switch (kind) {
            case 0 -> {
                int more = 1 + random.nextInt(1000);
                tag(d, "framing:length-larger", "+" + more);
                r.header("Content-Length", Integer.toString(length + more));
            }
            case 1 -> {
                int less = length <= 1 ? 0 : 1 + random.nextInt(length - 1);
                tag(d, "framing:length-smaller", "-" + less);
                r.header("Content-Length", Integer.toString(length - less));
            }
            case 2 -> {
                String[] bad = {"-1", "abc", "1e3", "0x10", " " + length + " ", "+" + length, length + ".0", "",
                    "99999999999999999999", "9223372036854775807", length + "," + length, "\u0000"};
                String value = pick(bad);
                tag(d, "framing:length-malformed", value);
                r.header("Content-Length", value);
            }
            case 3 -> {
                int other = length + 1 + random.nextInt(10);
                tag(d, "framing:length-duplicate-differing", length + " + " + other);
                r.header("Content-Length", Integer.toString(length)).header("Content-Length", Integer.toString(other));
            }
            case 4 -> {
                tag(d, "framing:length-duplicate-equal", Integer.toString(length));
                r.header("Content-Length", Integer.toString(length)).header("Content-Length", Integer.toString(length));
            }
            case 5 -> {
                tag(d, "framing:length-and-chunked", "");
                r.header("Content-Length", Integer.toString(length)).header("Transfer-Encoding", "chunked");
                r.body = chunked(r.body, true);
            }
            case 6 -> {
                tag(d, "framing:chunked-no-last-chunk", "");
                r.header("Transfer-Encoding", "chunked");
                r.body = chunked(r.body, false);
            }
            case 7 -> {
                tag(d, "framing:chunked-bad-size", "zz");
                r.header("Transfer-Encoding", "chunked");
                r.body = concat("zz\r\n".getBytes(StandardCharsets.US_ASCII), r.body, "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            case 8 -> {
                tag(d, "framing:chunked-size-larger", "");
                r.header("Transfer-Encoding", "chunked");
                r.body = concat((Integer.toHexString(length + 100) + "\r\n").getBytes(StandardCharsets.US_ASCII), r.body,
                        "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            case 9 -> {
                String[] codings = {"gzip", "chunked, identity", "identity", "chunked;q=1", "CHUNKED", "xchunked", "chunked\u0000"};
                String coding = pick(codings);
                tag(d, "framing:transfer-encoding", coding);
                r.header("Transfer-Encoding", coding);
                r.body = chunked(r.body, true);
            }
            case 10 -> {
                tag(d, "framing:content-encoding-gzip-plain", "");
                r.header("Content-Length", Integer.toString(length)).header("Content-Encoding", "gzip");
            }
            default -> {
                tag(d, "framing:no-length", "");
                // a body with neither Content-Length nor Transfer-Encoding: the server must take it as empty
            }
        }
    }

    private static byte[] chunked(byte[] body, boolean last) {
        return concat((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII), body,
                (last ? "\r\n0\r\n\r\n" : "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    void hugeHeaders(Draft d) {
        WireRequest r = d.request;
        int kind = random.nextInt(6);
        switch (kind) {
            case 0, 1 -> {
                int size = pick(new int[] {8_192, 16_000, 40_000, 100_000});
                String name = pick(new String[] {"X-Fuzz", "Cookie", "Accept", "User-Agent", "Referer", "Accept-Language"});
                tag(d, "header:huge-value", name + " " + size);
                r.replaceHeader(name, "a".repeat(size));
            }
            case 2 -> {
                int count = pick(new int[] {100, 600, 2_000});
                tag(d, "header:many", Integer.toString(count));
                for (int i = 0; i < count; i++) {
                    r.header("X-F" + i, "v");
                }
            }
            case 3 -> {
                String[][] odd = {{"X Bad", "1"}, {"X-Bad\u0000", "1"}, {"X-Fold", "a\r\n folded"}, {"X-Ctl", "a\u0001b\u007f"},
                    {"X-Utf8", WireRequest.wire("\u00fc\u00f1\u00ee\uD83D\uDCA9")}, {"X-Nul", "a\u0000b"},
                    {"X-Empty-Name-Next", "1\r\n: empty"}, {"X-Bare-Cr", "a\rb"}};
                String[] header = pick(odd);
                tag(d, "header:odd", WireRequest.compact(header[0].getBytes(StandardCharsets.ISO_8859_1), 20));
                r.header(header[0], header[1]);
            }
            case 4 -> {
                String[] accepts = {"application/xml", "text/html", "image/png", "*/*;q=0", "application/json;q=0",
                    "application/problem+json", "", ";;;", "text/plain, */*;q=0.1", "a".repeat(5000)};
                String accept = pick(accepts);
                tag(d, "header:accept", accept.length() > 30 ? "a{" + accept.length() + "}" : accept);
                r.replaceHeader("Accept", accept);
            }
            default -> {
                String[][] misc = {{"Origin", "https://evil.example.net"}, {"Origin", "null"}, {"Origin", "\u0000"},
                    {"Expect", "100-continue"}, {"Expect", "999-bogus"}, {"Range", "bytes=0-1,-1,5-"},
                    {"If-None-Match", "*"}, {"X-HTTP-Method-Override", "DELETE"}, {"Host", ""},
                    {"Host", "evil.example.net"}, {"Upgrade", "h2c"}, {"Accept-Charset", "bogus"},
                    {"Accept-Encoding", "gzip;q=bogus"}, {"Accept-Language", "xx-\u0000"}};
                String[] header = pick(misc);
                tag(d, "header:misc", header[0] + ": " + WireRequest.compact(header[1].getBytes(StandardCharsets.ISO_8859_1), 20));
                if (header[0].equals("Host")) {
                    r.replaceHeader("Host", header[1]);
                } else {
                    r.header(header[0], header[1]);
                }
            }
        }
    }

    void authorization(Draft d) {
        WireRequest r = d.request;
        String valid = r.headers.stream().filter(h -> h[0].equals("Authorization")).map(h -> h[1]).findFirst().orElse(null);
        String suffix = Integer.toString(d.index, 36);
        int kind = random.nextInt(14);
        String value;
        String tag;
        switch (kind) {
            case 0 -> {
                String[] controls = {"\u0000", "\u0001", "\u001f", "\u007f", "\t", "\u0000\u0000", "\u0085", "\u200b"};
                String c = pick(controls);
                String user = chance(0.5) ? c + "u" + suffix : "u" + suffix + c;
                tag = "basic-control-in-username " + WireRequest.compact(c.getBytes(StandardCharsets.UTF_8), 12);
                value = basic(user + ":pw");
            }
            case 1 -> {
                tag = "basic-nul-in-password";
                value = basic("u" + suffix + ":p\u0000w");
            }
            case 2 -> {
                tag = "basic-long-username";
                value = basic("u" + suffix + "x".repeat(pick(new int[] {65, 300, 700})) + ":pw");
            }
            case 3 -> {
                tag = "basic-unicode-username";
                value = basic("\u00fc\u00f1\u00ee\uD83D\uDCA9" + suffix + ":pw");
            }
            case 4 -> {
                tag = "basic-invalid-utf8";
                value = "Basic " + Base64.getEncoder().encodeToString(concat(new byte[] {(byte) 0xC0, (byte) 0xAF},
                        ("u" + suffix + ":pw").getBytes(StandardCharsets.US_ASCII)));
            }
            case 5 -> {
                tag = "bearer-well-formed-unknown";
                value = "Bearer " + madeUpKey();
            }
            case 6 -> {
                tag = "bearer-short-unknown-prefix";
                value = "Bearer vgl_" + alnum(12) + pick(new String[] {"", "_", "_x", "\u0001"});
            }
            case 7 -> {
                String[] others = {"Digest username=\"x\"", "Negotiate abc", "NTLM TlRMTVNTUAAB", "Token x", "garbage",
                    "Bearer\tvgl_x", "Basic\u0000", "BASIC", "Bearer" + " ".repeat(200), "Basic " + " ".repeat(50),
                    "x".repeat(2_000), "Bearer " + "v".repeat(1_500), WireRequest.wire("Bearer \u00fc\u00f1"),
                    "Basic\u0001abc", "Bearer vgl_\u0000"};
                value = pick(others);
                tag = "other-scheme " + WireRequest.compact(value.getBytes(StandardCharsets.ISO_8859_1), 24);
            }
            case 8 -> {
                tag = "duplicate-valid-then-bad";
                if (valid != null) {
                    r.header("Authorization", "Bearer " + madeUpKey());
                    tag(d, "auth:" + tag, "");
                    return;
                }
                value = "Bearer " + madeUpKey();
            }
            case 9 -> {
                tag = "duplicate-bad-then-valid";
                r.removeHeader("Authorization");
                r.header("Authorization", "Bearer " + madeUpKey());
                if (valid != null) {
                    r.header("Authorization", valid);
                }
                tag(d, "auth:" + tag, "");
                return;
            }
            case 10 -> {
                tag = "basic-empty-password";
                value = basic("u" + suffix + ":");
            }
            case 11 -> {
                tag = "basic-many-colons";
                value = basic("u" + suffix + ":::" + "\r\n");
            }
            default -> {
                // Shapes that all count against one shared failure bucket: a few per run only.
                if (sharedBucketUses++ < SHARED_BUCKET_BUDGET) {
                    String[] shared = {"Basic !!!notbase64", "Basic " + Base64.getEncoder().encodeToString(("u" + suffix).getBytes(StandardCharsets.US_ASCII)),
                        "Bearer notavigilkey", "Bearer ", "Basic " + basic(":pw" + suffix).substring(6), "Basic ===="};
                    value = pick(shared);
                    tag = "shared-bucket " + WireRequest.compact(value.getBytes(StandardCharsets.ISO_8859_1), 24);
                } else {
                    value = "Bearer " + madeUpKey();
                    tag = "bearer-well-formed-unknown";
                }
            }
        }
        d.caller = d.caller + "/replaced";
        tag(d, "auth:" + tag.split(" ")[0], tag.contains(" ") ? tag.substring(tag.indexOf(' ') + 1) : "");
        r.replaceHeader("Authorization", value);
    }

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    void idempotencyKey(Draft d) {
        String[] keys = {"", " ", "k".repeat(256), "k".repeat(10_000), "\u0001ctl", "a\u0000b",
            WireRequest.wire("\u043a\u043b\u044e\u0447"), "\"quoted\"", ":c2Y=:", "k".repeat(255), "  padded  ",
            "k\u007f", "*", "null"};
        String key = pick(keys);
        WireRequest r = d.request;
        r.removeHeader("Idempotency-Key");
        if (chance(0.2)) {
            tag(d, "idempotency-key:duplicate", "");
            r.header("Idempotency-Key", "fuzz-" + d.index + "-a").header("Idempotency-Key", "fuzz-" + d.index + "-b");
            return;
        }
        tag(d, "idempotency-key:bad", key.length() > 20 ? "k{" + key.length() + "}"
                : WireRequest.compact(key.getBytes(StandardCharsets.ISO_8859_1), 20));
        r.header("Idempotency-Key", key);
    }
}
