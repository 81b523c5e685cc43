package dev.vigil.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP/1.1 over a plain socket to the loopback address, for requests the JDK client refuses to
 * send: lying or duplicate {@code Content-Length}, control characters in headers, made-up methods,
 * raw bytes in the request line. One request per connection; every read has a deadline.
 */
public final class RawHttp {

    private final int port;
    private final int readTimeoutMillis;

    public RawHttp(int port, Duration readTimeout) {
        this.port = port;
        this.readTimeoutMillis = (int) readTimeout.toMillis();
    }

    /**
     * What came back: a parsed response, or {@link Answer#NONE} (closed without a response) or
     * {@link Answer#TIMEOUT}. {@code writeFailed} says the server stopped reading before the whole
     * request was sent (e.g. it refused a large body early).
     */
    public record Answer(int status, List<String[]> headers, byte[] body, boolean writeFailed) {

        public static final int NONE = 0;
        public static final int TIMEOUT = -1;

        public Optional<String> header(String name) {
            return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst();
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String describe() {
            if (status == NONE) {
                return "closed without an answer" + (writeFailed ? " (while sending)" : "");
            }
            if (status == TIMEOUT) {
                return "no answer in time";
            }
            String text = text();
            return status + " " + header("Content-Type").orElse("(no content type)") + " "
                    + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
        }
    }

    public Answer exchange(byte[] request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), readTimeoutMillis);
            socket.setSoTimeout(readTimeoutMillis);
            boolean writeFailed = false;
            try {
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
                // The server sees the end of the request: a body shorter than its Content-Length ends here.
                socket.shutdownOutput();
            } catch (IOException e) {
                writeFailed = true;
            }
            return read(socket.getInputStream(), writeFailed);
        } catch (IOException e) {
            return new Answer(Answer.NONE, List.of(), new byte[0], true);
        }
    }

    private static Answer read(InputStream in, boolean writeFailed) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        boolean timedOut = false;
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                received.write(buffer, 0, n);
                if (complete(received.toByteArray())) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            timedOut = true;
        } catch (IOException e) {
            // reset by the server: keep what arrived
        }
        byte[] bytes = received.toByteArray();
        int headEnd = headEnd(bytes);
        if (headEnd < 0) {
            return new Answer(timedOut ? Answer.TIMEOUT : Answer.NONE, List.of(), bytes, writeFailed);
        }
        return parse(bytes, headEnd, writeFailed);
    }

    private static int headEnd(byte[] bytes) {
        for (int i = 0; i + 3 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** A response with a Content-Length that has fully arrived (the server may keep the connection). */
    private static boolean complete(byte[] bytes) {
        int headEnd = headEnd(bytes);
        if (headEnd < 0) {
            return false;
        }
        String head = new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        if (head.startsWith("http/1.1 1")) {
            // an interim answer: the final one follows
            return complete(Arrays.copyOfRange(bytes, headEnd + 4, bytes.length));
        }
        int at = head.indexOf("\ncontent-length:");
        if (at < 0) {
            return false;
        }
        int end = head.indexOf('\r', at + 1);
        try {
            long length = Long.parseLong(head.substring(at + 16, end < 0 ? head.length() : end).trim());
            return bytes.length - headEnd - 4 >= length;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Answer parse(byte[] bytes, int headEnd, boolean writeFailed) {
        // An interim answer (100 Continue) comes before the final one.
        if (bytes.length > headEnd + 4 && bytes[9] == '1' && startsWith(bytes, "HTTP/1.1 1")) {
            byte[] rest = Arrays.copyOfRange(bytes, headEnd + 4, bytes.length);
            int next = headEnd(rest);
            if (next >= 0) {
                return parse(rest, next, writeFailed);
            }
        }
        String[] lines = new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status;
        try {
            status = Integer.parseInt(statusLine[1]);
        } catch (RuntimeException e) {
            status = Answer.NONE;
        }
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.add(new String[] {lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()});
            }
        }
        byte[] body = Arrays.copyOfRange(bytes, headEnd + 4, bytes.length);
        boolean chunked = headers.stream()
                .anyMatch(h -> h[0].equalsIgnoreCase("Transfer-Encoding") && h[1].toLowerCase(Locale.ROOT).contains("chunked"));
        return new Answer(status, headers, chunked ? dechunk(body) : body, writeFailed);
    }

    private static boolean startsWith(byte[] bytes, String prefix) {
        return bytes.length >= prefix.length()
                && new String(bytes, 0, prefix.length(), StandardCharsets.ISO_8859_1).equals(prefix);
    }

    private static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int lineEnd = at;
            while (lineEnd + 1 < body.length && !(body[lineEnd] == '\r' && body[lineEnd + 1] == '\n')) {
                lineEnd++;
            }
            String size = new String(body, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int length;
            try {
                length = Integer.parseInt(size, 16);
            } catch (NumberFormatException e) {
                break;
            }
            if (length == 0) {
                break;
            }
            int start = lineEnd + 2;
            out.write(body, start, Math.min(length, body.length - start));
            at = start + length + 2;
        }
        return out.toByteArray();
    }
}
