package dev.vigil.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** A small HTTP client for black-box tests: every call has a deadline, so nothing hangs. */
public final class Http {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final URI base;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public Http(URI base) {
        this.base = base;
    }

    public URI base() {
        return base;
    }

    /** How a request authenticates. */
    public sealed interface Auth {
        Auth NONE = new Header(null);

        static Auth basic(String user, String password) {
            return new Header("Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }

        static Auth bearer(String token) {
            return new Header("Bearer " + token);
        }

        record Header(String value) implements Auth {
        }
    }

    /** A response; its body is kept as text. */
    public record Reply(int status, java.net.http.HttpHeaders headers, String body) {

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        public JsonObject json() {
            return (JsonObject) jsonValue();
        }

        public JsonStructure jsonValue() {
            try (var reader = Json.createReader(new StringReader(body))) {
                return reader.read();
            }
        }

        public String code() {
            return json().getString("code");
        }

        @Override
        public String toString() {
            return status + " " + (body.length() > 500 ? body.substring(0, 500) + "..." : body);
        }
    }

    public Reply get(String path, Auth auth) {
        return send("GET", path, auth, null, HttpRequest.BodyPublishers.noBody());
    }

    public Reply delete(String path, Auth auth) {
        return send("DELETE", path, auth, null, HttpRequest.BodyPublishers.noBody());
    }

    public Reply post(String path, Auth auth) {
        return send("POST", path, auth, null, HttpRequest.BodyPublishers.noBody());
    }

    public Reply postJson(String path, Auth auth, String json) {
        return send("POST", path, auth, "application/json", HttpRequest.BodyPublishers.ofString(json));
    }

    public Reply send(String method, String path, Auth auth, String contentType,
                      HttpRequest.BodyPublisher body) {
        return send(method, path, auth, contentType, body, Map.of());
    }

    /** A GET as a client at another address (believed because the test server trusts loopback as a proxy). */
    public Reply getFrom(String clientAddress, String path, Auth auth) {
        return send("GET", path, auth, null, HttpRequest.BodyPublishers.noBody(),
                Map.of("X-Forwarded-For", clientAddress));
    }

    public Reply send(String method, String path, Auth auth, String contentType, HttpRequest.BodyPublisher body,
                      Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(DEADLINE)
                .method(method, body);
        headers.forEach(request::header);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (auth instanceof Auth.Header header && header.value() != null) {
            request.header("Authorization", header.value());
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
