package dev.vigil.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An HTTP/1.1 request being put together byte by byte, so that it can be wrong in any way: a
 * header value is a string of ISO-8859-1 characters, one per byte on the wire. Unless a framing
 * header was set by hand, a body gets a truthful {@code Content-Length}.
 */
public final class WireRequest {

    String method;
    String path;
    final List<String> query = new ArrayList<>();
    final List<String[]> headers = new ArrayList<>();
    byte[] body;
    /** Content-Length / Transfer-Encoding were set by hand (possibly lying). */
    boolean framedByHand;

    WireRequest(String method, String path) {
        this.method = method;
        this.path = path;
    }

    public String method() {
        return method;
    }

    /** The path as sent, without the query. */
    public String path() {
        return path;
    }

    public String target() {
        return query.isEmpty() ? path : path + "?" + String.join("&", query);
    }

    WireRequest header(String name, String value) {
        headers.add(new String[] {name, value});
        return this;
    }

    WireRequest replaceHeader(String name, String value) {
        removeHeader(name);
        return value == null ? this : header(name, value);
    }

    void removeHeader(String name) {
        headers.removeIf(h -> h[0].equalsIgnoreCase(name));
    }

    boolean hasHeader(String name) {
        return headers.stream().anyMatch(h -> h[0].equalsIgnoreCase(name));
    }

    /** The bytes of a UTF-8 string as a header value (one char per byte). */
    static String wire(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder().append(method).append(' ').append(target()).append(" HTTP/1.1\r\n");
        for (String[] h : headers) {
            head.append(h[0]).append(": ").append(h[1]).append("\r\n");
        }
        if (body != null && !framedByHand) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    /**
     * The request in one line, printable and short: control and non-ASCII bytes as {@code \xNN},
     * CR LF as {@code \r\n}, and a run of a unit of up to 8 bytes as {@code x{200000}} or
     * {@code (ab){5000}}.
     */
    public static String compact(byte[] bytes, int max) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < bytes.length) {
            int bestPeriod = 1;
            int bestReps = 1;
            for (int period = 1; period <= 8 && i + period <= bytes.length; period++) {
                int reps = 1;
                while (i + (reps + 1) * period <= bytes.length
                        && java.util.Arrays.equals(bytes, i, i + period, bytes, i + reps * period, i + (reps + 1) * period)) {
                    reps++;
                }
                if (reps * period > 12 && reps * period > bestReps * bestPeriod) {
                    bestPeriod = period;
                    bestReps = reps;
                }
            }
            if (bestReps > 1) {
                StringBuilder unit = new StringBuilder();
                for (int k = i; k < i + bestPeriod; k++) {
                    unit.append(escape(bytes[k]));
                }
                out.append(bestPeriod == 1 ? unit : "(" + unit + ")").append('{').append(bestReps).append('}');
                i += bestPeriod * bestReps;
            } else {
                out.append(escape(bytes[i]));
                i++;
            }
            if (out.length() > max) {
                out.setLength(max);
                out.append("...(").append(bytes.length).append(" bytes)");
                break;
            }
        }
        return out.toString();
    }

    private static String escape(byte b) {
        int c = b & 0xff;
        if (c == '\r') {
            return "\\r";
        }
        if (c == '\n') {
            return "\\n";
        }
        if (c == '\\') {
            return "\\\\";
        }
        if (c < 0x20 || c >= 0x7f) {
            return String.format("\\x%02X", c);
        }
        return Character.toString((char) c);
    }
}
