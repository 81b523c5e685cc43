package dev.vigil.testing;

import dev.vigil.testing.ApiOperations.Operation;
import dev.vigil.testing.ApiOperations.Parameter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hostile request lines: made-up methods, path parameters (encoded slashes, NUL, traversal, very
 * long segments), query parameters (huge dates, NUL, out-of-range numbers, raw bytes) and paths
 * outside the OpenAPI document.
 */
final class TargetMutations extends Mutations {

    private final Map<String, String> fixtures;
    private final int port;

    TargetMutations(Random random, Map<String, String> fixtures, int port) {
        super(random);
        this.fixtures = fixtures;
        this.port = port;
    }

    // --- methods, paths, queries

    void method(Draft d) {
        String[] methods = {"FOO", "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "TRACE", "CONNECT",
            "SEARCH", "QUERY", "BREW", "M-SEARCH", "X", "get", "Get", "PATCH", "PUT", "DELETE", "POST", "GET", "HEAD",
            "OPTIONS", "M".repeat(300), "GE(T", "G\u0000T", WireRequest.wire("G\u00c9T"), "PRI"};
        String method = pick(methods);
        tag(d, "method", method.length() > 20 ? "M{" + method.length() + "}"
                : WireRequest.compact(method.getBytes(StandardCharsets.ISO_8859_1), 20));
        d.request.method = method;
        if (method.equals("CONNECT") && chance(0.5)) {
            d.request.path = "localhost:" + port;
        }
    }

    private static final String[] SEGMENTS = {"%2F", "a%2Fb", "%00", "a%00b", "..%2F..%2F", "..%2F..%2Fadmin%2Fapps",
        "%2E%2E", "..", ".", "%2e%2e%2f", "%5C", "%25", "%", "%zz", "%C0%AF", "%E2%80%AE", "%F0%9F%92%A9", "%FF",
        "%ED%A0%80", "a%20b", ";x=1", "%3B", "a;jsessionid=123", "%u0041", "*", "~", "'", "%22%3E%3Cscript%3E",
        "null", "-1", "0", "00000000-0000-0000-0000-000000000000", "%0A", "%0D%0A", "a%09b", "%7F", "%C3%28",
        "..;", "%2e", "\u00e9", "a\\b", "a\"b", "{id}", "%7Bid%7D", ""};

    void pathParameter(Draft d) {
        WireRequest r = d.request;
        String segment;
        if (chance(0.12)) {
            int length = pick(new int[] {300, 5_000, 20_000, 70_000});
            segment = "s".repeat(length);
            tag(d, "path:long-segment", Integer.toString(length));
        } else {
            segment = pick(SEGMENTS);
            tag(d, "path:segment", segment.isEmpty() ? "(empty)" : WireRequest.compact(
                    WireRequest.wire(segment).getBytes(StandardCharsets.ISO_8859_1), 30));
        }
        String wired = WireRequest.wire(segment);
        Matcher m = Pattern.compile("\\{([^}]+)}").matcher(d.op.path());
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        if (names.isEmpty()) {
            String[] shapes = {r.path + "/" + wired, r.path + "/", r.path + "//", r.path.replace("/v1/", "//v1/"),
                r.path + "/./", r.path + "/..", r.path.replace("/api/", "/api/./"), r.path + wired};
            r.path = pick(shapes);
            return;
        }
        // Fill the template again, with the chosen parameter replaced.
        String target = names.get(random.nextInt(names.size()));
        StringBuilder out = new StringBuilder();
        Matcher again = Pattern.compile("\\{([^}]+)}").matcher(d.op.path());
        while (again.find()) {
            String value = again.group(1).equals(target) ? wired
                    : fixtures.getOrDefault(again.group(1), "fuzz-" + d.index);
            again.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        r.path = again.appendTail(out).toString();
    }

    private static final String[] INSTANTS = {"%2B999999999-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z",
        "%2B1000000000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "0000-01-01T00:00:00Z",
        "2026-11-30T25:61:61Z", "2026-02-30T00:00:00Z", "1970-01-01T00:00:00%2B99:00", "2026-11-30T00:00:00",
        "%2B999999999-12-31T23:59:59.999999999Z", "-0001-01-01T00:00:00Z", "1e9", "9223372036854775807"};
    private static final String[] DATES = {"%2B999999999-01-01", "-999999999-01-01", "%2B999999999-12-31",
        "+999999999-12-31", "2020-13-45", "2026-02-30", "0000-00-00", "9999-12-31", "-0001-01-01", "2026-11-30T00:00:00Z",
        "20261130", "2026-W48"};
    private static final String[] INTEGERS = {"-1", "0", "2147483648", "-2147483649", "99999999999999999999", "abc",
        "1e3", "0x10", "1.5", "%2B5", "+5", "%20", "9223372036854775808", "NaN", "%00"};
    private static final String[] STRINGS = {"%00", "a%00b", "%00%00%00", "%", "%zz", "%FF", "%ED%A0%80", "%C0%AF",
        "'%20OR%201=1--", "%25", "*", "null", "[]", "%0D%0AX-Injected:%201", "%F0%9F%92%A9", "%5C%22", "\\u0000",
        "%E2%80%AE", "a%2Fb", "..%2F..%2F", "+", "%2B", "%3B%3B", "01J", "00000000-0000-0000-0000-000000000000"};

    void query(Draft d) {
        WireRequest r = d.request;
        List<Parameter> declared = d.op.in("query");
        String name;
        String type;
        if (!declared.isEmpty() && chance(0.85)) {
            Parameter p = pick(declared);
            name = p.name();
            type = p.type();
        } else {
            name = pick(new String[] {"date", "from", "to", "limit", "q", "x", "%00", "", "a%00b", "rid", "create"});
            type = "string";
        }
        String value;
        if (chance(0.1)) {
            value = "v".repeat(pick(new int[] {2_000, 10_000, 60_000}));
        } else if (type.equals("integer") || name.equals("limit") || name.equals("minutes")) {
            value = pick(chance(0.8) ? INTEGERS : STRINGS);
        } else if (name.equals("date")) {
            value = pick(chance(0.8) ? DATES : chance(0.5) ? INSTANTS : STRINGS);
        } else if (name.equals("from") || name.equals("to") || name.equals("before")) {
            value = pick(chance(0.7) ? INSTANTS : chance(0.5) ? DATES : STRINGS);
        } else {
            value = pick(chance(0.8) ? STRINGS : INSTANTS);
        }
        int shape = random.nextInt(10);
        String shown = value.length() > 40 ? "v{" + value.length() + "}" : value;
        switch (shape) {
            case 0 -> {
                tag(d, "query:duplicate", name + "=" + shown);
                r.query.add(name + "=" + value);
                r.query.add(name + "=" + pick(INTEGERS));
            }
            case 1 -> {
                tag(d, "query:no-value", name);
                r.query.add(name);
            }
            case 2 -> {
                tag(d, "query:raw-bytes", name);
                r.query.add(name + "=" + WireRequest.wire("\u00e9\u0000") + "x");
            }
            default -> {
                tag(d, "query:value", name + "=" + shown);
                r.query.add(name + "=" + value);
            }
        }
        if (chance(0.3) && !declared.isEmpty()) {
            Parameter other = pick(declared);
            String extra = other.name().equals("date") ? pick(DATES) : other.type().equals("integer") ? "10" : pick(INSTANTS);
            r.query.add(other.name() + "=" + extra);
            tag(d, "query:also", other.name() + "=" + extra);
        }
    }

    /** The most hostile values per kind of query parameter, every one of which a sweep sends. */
    static List<String> sweepValues(Parameter p) {
        if (p.name().equals("date")) {
            return List.of("%2B999999999-01-01", "-999999999-01-01", "%00");
        }
        if (p.name().equals("from") || p.name().equals("to") || p.name().equals("before")) {
            return List.of("%2B999999999-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z", "%00");
        }
        if (p.type().equals("integer")) {
            return List.of("2147483648", "-1", "%00");
        }
        return List.of("%00", "a%00b", "%ED%A0%80", "v".repeat(5_000));
    }

    static final List<String> SWEEP_SEGMENTS = List.of("%2F", "%00", "..%2F..%2F", "%ED%A0%80", "%25", "s".repeat(5_000));

    /** Sets one query parameter, as a sweep does. */
    void query(Draft d, String name, String value) {
        tag(d, "query:value", name + "=" + (value.length() > 40 ? "v{" + value.length() + "}" : value));
        d.request.query.add(name + "=" + value);
    }

    /** Sets one path parameter (the others live fixtures), as a sweep does. */
    void pathParameter(Draft d, String name, String segment) {
        tag(d, "path:segment", segment.length() > 30 ? "s{" + segment.length() + "}" : segment);
        StringBuilder out = new StringBuilder();
        Matcher m = Pattern.compile("\\{([^}]+)}").matcher(d.op.path());
        while (m.find()) {
            String value = m.group(1).equals(name) ? segment : fixtures.getOrDefault(m.group(1), "fuzz-" + d.index);
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        d.request.path = m.appendTail(out).toString();
    }

    private static final String[] OFF_DOCUMENT = {"/error", "/error?x=1", "/nothing", "/api", "/api/", "/api/v1",
        "/api/v2/x", "/admin/", "/admin/%00", "/admin/index.html", "/health/live", "/health/ready", "/health",
        "/health/started", "/metrics", "/metrics/vendor", "/openapi", "/openapi/ui/", "/favicon.ico",
        "/WEB-INF/web.xml", "/META-INF/MANIFEST.MF", "/api/v1/../../WEB-INF/web.xml", "/%2e%2e/WEB-INF/web.xml",
        "/api/v1/me/..;/admin/apps", "/ibm/api/", "/IBMJMXConnectorREST", "/api/v1/ping/", "/ping/x", "/;/api/v1/me",
        "/api;x=1/v1/me", "/api/v1/ME", "//api/v1/me", "/api/v1/me%20", "/api/v1/me.json"};

    Operation offDocumentTarget() {
        String path = pick(OFF_DOCUMENT);
        String method = pick(new String[] {"GET", "GET", "POST", "HEAD", "PUT", "DELETE", "FOO", "OPTIONS", "PROPFIND"});
        return new Operation(method, path, java.util.Set.of(), List.of(), null);
    }
}
